/** Requests to `metakit serve`'s review endpoints: JSON in and out, the server's message on refusal. */

/** A refusal of the server: its status, its message and any details it sent. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}

async function answer<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text === "" ? {} : JSON.parse(text);
  } catch {
    body = { error: text.trim() };
  }
  if (!response.ok) {
    const { error, ...details } = body as { error?: string };
    throw new ApiError(response.status, error ?? `the server answered ${response.status}`, details);
  }
  return body as T;
}

export async function getJson<T>(path: string): Promise<T> {
  return answer<T>(await fetch(path, { credentials: "same-origin" }));
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  return answer<T>(await fetch(path, { method: "POST", credentials: "same-origin", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
}

/** The message to show for a failed request. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether the app is served by `metakit serve` (the static build opened from disk has no review). */
export const served = () => location.protocol === "http:" || location.protocol === "https:";
