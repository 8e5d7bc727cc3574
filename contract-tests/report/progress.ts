// Progress of a live run on stderr: requests sent against the budget with an estimate of the time left, at most a
// line every few seconds, and every wait the server asks for, announced with its cause and length when it begins.
import type { SenderEvent } from "../http";

/** The fewest ms between two "requests sent" lines. */
export const PROGRESS_EVERY_MS = 5_000;

const duration = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
};

export class Progress {
  private last = -Infinity;
  private planned?: number;

  constructor(
    private readonly write: (line: string) => void,
    private readonly budget: number,
    private readonly ratePerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** What is left to send, once a source knows (walks first, then the fixed and generated cases). */
  plan(sent: number, remaining: number): void {
    this.planned = sent + remaining;
  }

  event(event: SenderEvent): void {
    if (event.kind === "wait") {
      if (event.ms >= 1_000) this.write(`waiting ${duration(event.ms)}: ${event.cause}`);
      return;
    }
    const now = this.now();
    if (now - this.last < PROGRESS_EVERY_MS) return;
    this.last = now;
    let left = "";
    if (this.planned !== undefined && Number.isFinite(this.ratePerMinute)) {
      const more = Math.max(0, Math.min(this.planned, this.budget) - event.sent);
      left = `, about ${more} more planned, about ${duration((more * 60_000) / this.ratePerMinute)} left at ${this.ratePerMinute} a minute (longer if the server asks to wait)`;
    }
    this.write(`${event.sent}/${this.budget} requests sent (SP_CONTRACT_MAX_REQUESTS)${left}`);
  }
}
