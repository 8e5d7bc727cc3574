// The error of every command line here (generate, check:breaking, mock, bench, the contract suite): a bad argument or
// environment variable, reported as its message alone (no stack trace) with exit code 2. One class, so that a
// command's `instanceof UsageError` also catches one thrown by a module it shares with another command.
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
