// Runs Prism as its child, in the process group the suite created for it, and kills that whole group as soon as the
// process that started it is gone, even when that process was SIGKILLed and could not clean up (its parent pid
// changes). Plain JavaScript so that it starts with bare node, in milliseconds.
"use strict";
const { spawn } = require("node:child_process");

const parent = process.ppid;
const child = spawn(process.execPath, process.argv.slice(2), { stdio: "inherit" });
const killGroup = () => {
  try {
    process.kill(-process.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
    process.exit(1);
  }
};
const watch = setInterval(() => {
  if (process.ppid !== parent) killGroup();
}, 250);
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  clearInterval(watch);
  process.exit(code ?? (signal ? 1 : 0));
});
