/**
 * The one error type of metakit's numeric packages. `code` says what kind of problem it
 * is; `details` says where (study, field, value) so a person knows what to fix.
 */
export const ERROR_CODES = [
  "INVALID_INPUT",
  "INSUFFICIENT_DATA",
  "NON_POSITIVE_VARIANCE",
  "NOT_CONVERGED",
  "UNSUPPORTED",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetails {
  /** Study label, or its 0-based index when there is no label. */
  readonly study?: string | number;
  /** The input field (metafor's argument name, such as `sd1i`). */
  readonly field?: string;
  /** The offending value, as given. */
  readonly value?: unknown;
  readonly [key: string]: unknown;
}

export class MetakitError extends Error {
  override readonly name = "MetakitError";
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

export function isMetakitError(error: unknown): error is MetakitError {
  return error instanceof MetakitError;
}

export { PLAIN_NAMES, plainMessage } from "./plain-message.js";
