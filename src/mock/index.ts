// @ccextractor/sample-platform-client/mock: MSW handlers that behave like the Sample Platform API, for your tests.
export { createMockHandlers } from "./handlers";
export { generateSamples } from "./samples";
export type { MockLatency, MockOptions, MockRateLimit } from "./options";
