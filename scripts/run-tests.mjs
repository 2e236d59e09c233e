// Runs every compiled test file (dist/**/*.test.js, and the benchmark harness's own tests in
// dist-bench/bench/, built by tsconfig.bench.json) with node's test runner, using the node that
// runs this script, so `.ci/run` can run the same suite on another Node binary.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const only = process.argv.slice(2);
const roots = ['dist', 'dist-bench/bench'].filter((d) => existsSync(d));
const files = roots
  .flatMap((d) => find(d))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
if (files.length === 0) {
  console.error('no test files found under dist/ (did the build run?)');
  process.exit(1);
}
// End-to-end files bind the seed config's fixed ports, so they run alone, after the rest.
const isE2e = (f) => f.endsWith('.e2e.test.js');
const run = (list, concurrency) =>
  list.length === 0
    ? 0
    : (spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, '--test-timeout=120000', ...list], { stdio: 'inherit' }).status ??
      1);
const unitStatus = run(
  files.filter((f) => !isE2e(f)),
  2,
);
const e2eStatus = run(files.filter(isE2e), 1);
process.exit(unitStatus || e2eStatus);
