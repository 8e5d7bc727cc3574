// Preloaded into a benchmarked child process (`node --require bench/report-rss.cjs ...`, bench/generation.ts): as the
// process exits, it writes its own peak resident set size (worker threads included: they share the process) and its
// uptime to the file SP_BENCH_RSS_FILE names. No `/usr/bin/time` needed, so it works on any machine Node runs on.
const { writeFileSync } = require("node:fs");

const file = process.env.SP_BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    writeFileSync(file, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, uptimeMs: process.uptime() * 1000 }));
  });
}
