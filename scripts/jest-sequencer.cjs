// Jest's order of test files, slowest known first. Jest orders by the durations it cached last run, and on a cold
// cache (a fresh CI machine) by file size: the slowest files are small, and started last they would run alone at the
// end while the other worker idles. Plain CommonJS: Jest loads this file itself, before any transform.
const Sequencer = require("@jest/test-sequencer").default;

/**
 * Files that take longest, in the order they should start (each runs on a worker of its own). static-checks's worker
 * then waits on its low-priority children for most of the run, so the other workers share the rest. Those that
 * mostly wait (on a rate-limit window, a Retry-After, a signalled process, a browser) alternate with files that keep
 * a core busy: workers take neighbours at about the same time, and two waiting files side by side left the cores
 * idle; run last, one left a core idle at the end.
 */
const SLOWEST_FIRST = [
  "src/__tests__/package.test.ts", // a git install (npm installs the devDependencies, prepare builds), then the package's checks
  "contract-tests/seeds.test.ts", // 100 engine runs
  "scripts/static-checks.test.ts", // tsc + ESLint over the whole repository, knip and Spectral, in the background
  "scripts/check-spec.test.ts", // two candidate specs generated, built, type-checked and judged in working copies
  "contract-tests/cli.test.ts", // the CLI end to end, Prism included
  "contract-tests/jest-project.test.ts", // the contract Jest project in Jest processes of its own
  "contract-tests/mock-api.test.ts", // waits: the mock's rate-limit windows
  "contract-tests/coverage.test.ts", // 40 engine runs
  "scripts/signals.test.ts", // waits: npm, signalled, and what it started
  "contract-tests/checks.test.ts", // a broken server per check
  "src/__tests__/client.test.ts", // waits: Retry-After
  "src/__tests__/grown-spec.test.ts", // two packages generated, type-checked and bundled
  "src/__tests__/header-parameters-client.test.ts", // a house-style variant generated, type-checked and bundled
  "contract-tests/replay.test.ts", // waits: a Prism of its own
  "contract-tests/grown-spec.test.ts", // engine runs on the grown spec
  "contract-tests/pagination-kinds.test.ts", // engine runs on a list of each page layout
  "contract-tests/hard-generation.test.ts", // waits: a run signalled mid-generation
  "contract-tests/house-style-faults.test.ts", // engine runs through a rewriting proxy
  "contract-tests/html-report.test.ts", // waits: a browser
  "src/__tests__/mock-grown.test.ts", // the mock of the grown spec, walked
  "src/__tests__/prism.test.ts", // waits: a Prism of its own
];

class SlowestFirst extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const index = SLOWEST_FIRST.findIndex((file) => test.path.endsWith(file));
      return index === -1 ? SLOWEST_FIRST.length : index;
    };
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowestFirst;
