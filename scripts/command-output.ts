// Where a command's lines go: the process's streams when it runs as a command, a buffer when a test calls its main()
// in-process (no child process, no second tsx start-up).
export interface CommandOutput {
  /** a line for stdout */
  out: (line: string) => void;
  /** a line for stderr */
  err: (line: string) => void;
}

export const processOutput: CommandOutput = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
};
