/** Where the CLI writes and what environment it reads; tests pass their own. */
export interface CliIo {
  /** Standard output (the command's result); `text` includes its newline. */
  out(text: string): void;
  /** Standard error (messages for a human). */
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  env: process.env,
};

/** A bad command line: the message goes to stderr and the exit code is 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
/** A runtime failure: unknown account or key, ledger problems, store errors. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
