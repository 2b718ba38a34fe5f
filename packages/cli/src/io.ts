/** The output streams a command writes to; injected so tests run the program in-process. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stderr is a person's terminal (progress bars are drawn only there). */
  readonly stderrIsTerminal?: boolean;
  /** Calls `handler` when the user presses Ctrl-C (SIGINT) until the returned function is called; long work listens while it runs. */
  readonly onInterrupt?: (handler: () => void) => () => void;
}

/** The process's own streams. */
export const processIo: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  get stderrIsTerminal() {
    return process.stderr.isTTY === true;
  },
  onInterrupt: (handler) => {
    process.on("SIGINT", handler);
    return () => void process.off("SIGINT", handler);
  },
};

/**
 * The streams a command runs with: stdout is held back until the command has succeeded
 * (a command that fails prints nothing on stdout, so a pipe never receives half a
 * result), and both streams escape control characters (see terminalText).
 */
export interface HeldIo extends Io {
  /** Writes what stdout holds and lets later writes through at once (serve's URL). */
  readonly release: () => void;
  /** Drops what stdout holds (the command failed). */
  readonly discard: () => void;
}

const held = new WeakMap<Io, HeldIo>();

export function holdStdout(io: Io, escape: (text: string) => string): HeldIo {
  let buffer: string[] | undefined = [];
  const wrapped: HeldIo = {
    stdout: (text) => {
      const safe = escape(text);
      if (buffer === undefined) io.stdout(safe);
      else buffer.push(safe);
    },
    stderr: (text) => io.stderr(escape(text)),
    stderrIsTerminal: io.stderrIsTerminal === true,
    ...(io.onInterrupt !== undefined && { onInterrupt: io.onInterrupt }),
    release: () => {
      if (buffer === undefined) return;
      const text = buffer.join("");
      buffer = undefined;
      if (text !== "") io.stdout(text);
    },
    discard: () => {
      buffer = [];
    },
  };
  held.set(wrapped, wrapped);
  return wrapped;
}

/** For a command that runs until stopped (serve): what it writes on stdout from now on is not held back. */
export function streamStdout(io: Io): void {
  held.get(io)?.release();
}
