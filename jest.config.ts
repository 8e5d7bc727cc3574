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
  // ky ships ESM only; let ts-jest turn it into CommonJS like the sources.
  transformIgnorePatterns: ["/node_modules/(?!ky/)"],
  testTimeout: 60_000,
};

export default config;
