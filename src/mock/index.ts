// @ccextractor/sample-platform-client/mock: MSW handlers that behave like the API the package's spec describes, for your tests.
import { unservedOperations as unservedOf, type UnservedOperation } from "./served";
import { PACKAGE_SPEC } from "./spec-facts";

export { createMockHandlers } from "./handlers";
export { generateRows, generateSamples } from "./rows";
export type { MockLatency, MockOptions, MockRateLimit, MockSelects } from "./options";
export type { UnservedOperation } from "./served";
export type { ListedItem, MockRows } from "./types";

/** The operations of the package's spec the mock does not serve (each answers 501 with the reason), and why. */
export function unservedOperations(): UnservedOperation[] {
  return unservedOf(PACKAGE_SPEC);
}
