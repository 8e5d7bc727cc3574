// The report files' names, and their removal at the start of a run. Light on purpose: run.ts loads it before Prism
// starts, where the checks (and the spec they load) would cost start-up time.
import { rm } from "node:fs/promises";
import path from "node:path";

export const JUNIT_FILE = "contract-junit.xml";
export const JSON_FILE = "contract-summary.json";
export const HAR_FILE = "contract.har";
export const HTML_FILE = "contract-report.html";

/** Removes the report files of an earlier run from `dir` (nothing else there). */
export async function removeReports(dir: string): Promise<void> {
  await Promise.all([JUNIT_FILE, JSON_FILE, HAR_FILE, HTML_FILE].map((file) => rm(path.join(dir, file), { force: true })));
}
