/** @jest-config-loader esbuild-register */
import { availableParallelism } from "node:os";
import type { Config } from "jest";

type Project = NonNullable<Config["projects"]>[number] & object;

const IGNORED = ["/node_modules/", "/dist/"];
/** swc's options for one syntax: Node 20's language level, CommonJS modules, class fields as TypeScript's ES2022 target defines them. */
const swc = (syntax: "typescript" | "ecmascript") => ({
  jsc: { parser: { syntax }, target: "es2022", transform: { useDefineForClassFields: true } },
  module: { type: "commonjs" },
  sourceMaps: "inline",
});
const typescript: Project = {
  testEnvironment: "node",
  testPathIgnorePatterns: IGNORED,
  transform: {
    // Type-checking is the static checks' job (scripts/lint.ts); here the sources are only transpiled, to CommonJS, by
    // swc: on a fresh clone (no transform cache) ts-jest's TypeScript transpiler cost npm test about 15 s more.
    "^.+\\.[cm]?ts$": ["@swc/jest", swc("typescript")],
    "^.+\\.[cm]?js$": ["@swc/jest", swc("ecmascript")],
  },
  // ky, and msw's dependencies rettime, until-async and @open-draft/deferred-promise, ship ESM only; swc turns
  // them into CommonJS like the sources (Jest on Node 20 cannot require() ESM).
  transformIgnorePatterns: ["/node_modules/(?!(ky|rettime|until-async|@open-draft/deferred-promise)/)"],
};

/** The release checks (`npm run test:release`): the package installed from a git URL, packed, and used as another repo would. */
const RELEASE_TESTS = ["<rootDir>/src/__tests__/package.test.ts"];

const config: Config = {
  projects: [
    // The self-tests: spec, generator, client, mock, and the contract suite's own tests (`npm test`).
    {
      ...typescript,
      displayName: "self-tests",
      testMatch: ["<rootDir>/{scripts,src,contract-tests,bench}/**/*.test.ts"],
      testPathIgnorePatterns: [...IGNORED, ...RELEASE_TESTS.map((file) => `${file.replace("<rootDir>", "").replace(/\./g, "\\.")}$`)],
    },
    // The release checks: slow (npm installs every devDependency of a git dependency before `prepare`), so not in npm test.
    { ...typescript, displayName: "release", testMatch: RELEASE_TESTS },
    // The contract suite's verdicts as tests: its global setup runs the engine once (Prism's mocks, or SP_BASE_URL).
    {
      ...typescript,
      displayName: "contract",
      testMatch: ["<rootDir>/contract-tests/jest/*.jest.ts"],
      globalSetup: "<rootDir>/contract-tests/jest/global-setup.ts",
      globalTeardown: "<rootDir>/contract-tests/jest/global-teardown.ts",
    },
  ],
  testTimeout: 60_000,
  // A worker per core, and one more: scripts/static-checks.test.ts's worker only waits on its children (tsc + ESLint,
  // at low priority), and files that wait on a timer or a process leave their core to a third. On 2 cores, median
  // wall of 6 interleaved runs each: 60.7 s against 67.8 s with a worker per core. The slowest files start first (see
  // the sequencer for why).
  maxWorkers: availableParallelism() + 1,
  testSequencer: "<rootDir>/scripts/jest-sequencer.cjs",
};

export default config;
