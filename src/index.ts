// The public names of @ccextractor/sample-platform-client, and nothing else.
export { createSamplePlatformClient, type SamplePlatformClient } from "./client";
export { SamplePlatformError, type ClientErrorCode, type ErrorBody, type RateLimit, type RequestSummary } from "./errors";
export type { SamplePlatformClientOptions } from "./options";
export type * from "./types";
export type { components, operations, paths } from "../generated/schema";
