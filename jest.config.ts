/** @jest-config-loader esbuild-register */
import type { Config } from "jest";

const config: Config = {
  testEnvironment: "node",
  testMatch: ["<rootDir>/{scripts,src,contract-tests,bench}/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  transform: {
    // Type-checking is `npm run typecheck`'s job; here TypeScript is only transpiled, to CommonJS.
    "^.+\\.[cm]?[jt]s$": ["ts-jest", { tsconfig: { module: "commonjs", moduleResolution: "node10", allowJs: true, isolatedModules: true }, diagnostics: false }],
  },
  // ky, and msw's dependencies rettime, until-async and @open-draft/deferred-promise, ship ESM only; ts-jest turns them into CommonJS like the
  // sources (Jest on Node 20 cannot require() ESM).
  transformIgnorePatterns: ["/node_modules/(?!(ky|rettime|until-async|@open-draft/deferred-promise)/)"],
  testTimeout: 60_000,
  // Both cores (Jest's default leaves one idle); the slowest files start first (see the sequencer for why).
  maxWorkers: "100%",
  testSequencer: "<rootDir>/scripts/jest-sequencer.cjs",
};

export default config;
