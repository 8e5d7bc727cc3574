// What the contract project's global setup hands to its test file and its teardown.
import type { PrismInstance } from "../targets/prism";

/** The file the global setup writes the engine's verdicts to (set in the environment, which workers inherit). */
export const VERDICTS_VARIABLE = "SAMPLE_PLATFORM_CONTRACT_VERDICTS";

/** The Prism mocks the setup started, for the teardown (both run in Jest's main process). */
export const state = globalThis as typeof globalThis & { contractMocks?: PrismInstance[] };
