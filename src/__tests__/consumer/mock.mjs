// The `/mock` and `/mock/server` subpaths from ESM, as another repo's tests use them (msw installed beside).
import { setupServer } from "msw/node";
import { createSamplePlatformClient } from "@ccextractor/sample-platform-client";
import { createMockHandlers, generateSamples } from "@ccextractor/sample-platform-client/mock";
import { startMockServer } from "@ccextractor/sample-platform-client/mock/server";
import { checkMock } from "./mock-checks.cjs";

console.log(JSON.stringify(await checkMock("esm", { setupServer, createSamplePlatformClient, createMockHandlers, generateSamples, startMockServer })));
