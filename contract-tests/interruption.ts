// A run asked to stop (SIGINT or SIGTERM): run.ts says so here, and every long phase hears it. The sender sends no more
// (its stop says why), the generated phase stops drawing and shrinking, and long CPU phases yield to the event loop
// often enough (`breathe`) that the signal's handler runs within a fraction of a second.
import os from "node:os";

export type StopSignal = "SIGINT" | "SIGTERM";

let received: StopSignal | undefined;
const listeners = new Set<(signal: StopSignal) => void>();

/** Marks the run interrupted (the first signal counts) and tells everything waiting. */
export function interrupt(signal: StopSignal): void {
  if (received) return;
  received = signal;
  for (const listener of listeners) listener(signal);
}

/** The signal that interrupted the run, if one did. */
export const interruptedBy = (): StopSignal | undefined => received;

/** The exit code a shell gives a process ended by the signal: 130 for SIGINT, 143 for SIGTERM. */
export const signalExitCode = (signal: StopSignal): number => 128 + os.constants.signals[signal];

/** A promise that settles when the run is interrupted (never, when it is not), and a way to stop waiting for it. */
export function whenInterrupted(): { promise: Promise<StopSignal>; cancel(): void } {
  let listener: (signal: StopSignal) => void = () => {};
  const promise = new Promise<StopSignal>((resolve) => {
    if (received) return resolve(received);
    listener = resolve;
    listeners.add(listener);
  });
  return { promise, cancel: () => listeners.delete(listener) };
}

/** How long a CPU phase may run before it lets the event loop (a signal's handler among it) run. */
const SLICE_MS = 50;
let sliceStarted = performance.now();

/**
 * Yields to the event loop once the current slice of CPU work is over: awaited between steps of a long phase
 * (building arbitraries, drawing, shrinking), it costs nothing most of the time.
 */
export async function breathe(): Promise<void> {
  if (performance.now() - sliceStarted < SLICE_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  sliceStarted = performance.now();
}
