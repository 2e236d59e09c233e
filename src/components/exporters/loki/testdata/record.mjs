#!/usr/bin/env node
// Records the golden fixtures of the loki exporter from the reference Go collector
// (otelcol-contrib v0.130.0 subset, bench/reference/build.sh). Run from the repository root
// after `npx tsc -p tsconfig.json`:
//
//   node src/components/exporters/loki/testdata/record.mjs [path/to/otelcol-ref]
//
// harness.mjs does the work (config with the seed's processors, inputs over real sockets, a
// Loki/OTLP sink); this writes testdata/<case>.json from what Go sent.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES, runPipelines } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { referenceCollectorPath } = await import(path.join(here, '../../../../../dist/testing/reference-collector.js'));
const goBin = referenceCollectorPath(process.argv[2]);

const results = await runPipelines(goBin);
for (const [name, r] of Object.entries(results)) {
  const c = CASES[name];
  const fixture = {
    about: `Recorded from otelcol-contrib v0.130.0 (bench/reference) by record.mjs; pipeline logs/${name}: ${c.receivers} → ${c.processors.join(' → ')} → loki`,
    ...r,
  };
  fs.writeFileSync(path.join(here, `${name}.json`), JSON.stringify(fixture, null, 1) + '\n');
  const entries = r.pushes.reduce((n, p) => n + p.streams.reduce((m, s) => m + s.entries.length, 0), 0);
  console.log(`${name}: ${r.captures.length} captured batches, ${r.pushes.length} pushes, ${entries} entries`);
}
