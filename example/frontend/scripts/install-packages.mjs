// Runs `npm ci` when node_modules is missing or was not installed from the current
// package.json + package-lock.json, and does nothing otherwise, so repeated builds need no
// network. The example's Maven build calls this before copying the SDK bundle; fine by hand too.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const stamp = join(root, "node_modules", ".latchkey-installed-from");

const hash = createHash("sha256");
for (const file of ["package.json", "package-lock.json"]) {
  hash.update(readFileSync(join(root, file)));
}
const wanted = hash.digest("hex");
const installed = existsSync(stamp) ? readFileSync(stamp, "utf8").trim() : "";

if (installed === wanted && existsSync(join(root, "node_modules", "@stytch", "vanilla-js", "package.json"))) {
  console.log("node_modules matches package-lock.json");
  process.exit(0);
}

console.log("node_modules is missing or stale: running npm ci");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const result = spawnSync(npm, ["ci", "--no-audit", "--no-fund"], {
  cwd: root,
  stdio: "inherit",
  shell: process.platform === "win32",
});
if (result.error) {
  console.error(`could not run npm: ${result.error.message}`);
  process.exit(1);
}
if (result.status !== 0) {
  process.exit(result.status ?? 1);
}
writeFileSync(stamp, wanted + "\n");
