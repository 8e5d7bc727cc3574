// Kept for the fixture server of the grown spec (spec/fixtures/grown/server.ts), which draws from the mock's PRNG by
// this path. The PRNG is ./random's; the mock's rows are made from the spec's schemas (./rows).
export { seededRandom } from "./random";
