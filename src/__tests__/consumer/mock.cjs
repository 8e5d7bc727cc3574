// The `/mock` and `/mock/server` subpaths from CommonJS, as another repo's tests use them (msw installed beside).
const { setupServer } = require("msw/node");
const { createSamplePlatformClient } = require("@ccextractor/sample-platform-client");
const { createMockHandlers, generateSamples } = require("@ccextractor/sample-platform-client/mock");
const { startMockServer } = require("@ccextractor/sample-platform-client/mock/server");
const { checkMock } = require("./mock-checks.cjs");

checkMock("cjs", { setupServer, createSamplePlatformClient, createMockHandlers, generateSamples, startMockServer }).then((out) =>
  console.log(JSON.stringify(out)),
);
