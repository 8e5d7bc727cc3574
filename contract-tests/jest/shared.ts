// What the contract project's global setup hands to its test file and its teardown.
import type { Mocks } from "../run";

/** The file the global setup writes the engine's verdicts to (set in the environment, which workers inherit). */
export const VERDICTS_VARIABLE = "SAMPLE_PLATFORM_CONTRACT_VERDICTS";

/** The Prism mock the setup started, for the teardown (both run in Jest's main process). */
export const state = globalThis as typeof globalThis & { contractMocks?: Mocks };
