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

/** For a test that runs a command's main() in-process: an output that keeps each stream's lines, as the process would print them. */
export function capturedOutput(): { output: CommandOutput; printed: { stdout: string; stderr: string } } {
  const printed = { stdout: "", stderr: "" };
  return { printed, output: { out: (line) => void (printed.stdout += `${line}\n`), err: (line) => void (printed.stderr += `${line}\n`) } };
}
