// One seed a run (SP_CONTRACT_SEED): every random choice of the suite derives its own fast-check seed from it and a
// label, so that adding a choice elsewhere never changes the values drawn here, and the same seed sends the same
// requests to the same data.
import fc from "fast-check";

/** A 32-bit seed for one labelled choice (FNV-1a of "seed/label"). */
export function seedFor(runSeed: string, label: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${runSeed}/${label}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/** One value of an arbitrary, drawn for a labelled choice. */
export function draw<T>(arbitrary: fc.Arbitrary<T>, runSeed: string, label: string): T {
  return fc.sample(arbitrary, { seed: seedFor(runSeed, label), numRuns: 1 })[0];
}
