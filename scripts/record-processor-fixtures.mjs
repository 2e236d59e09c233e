#!/usr/bin/env node
// Re-records the golden outputs of the attributes, resource and filter processors from the
// reference Go collector (bench/reference/build.sh builds it): every case of
// src/components/processors/testdata/cases.yaml in one Go process, inputs posted as OTLP/JSON,
// what its otlphttp exporters post (JSON) saved as testdata/golden/<case>.<signal>.json
// ("null" when Go sent nothing, e.g. everything filtered). Needs `npm run build` first.
//   node scripts/record-processor-fixtures.mjs [path/to/otelcol-ref]
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { collectorConfig, freePorts, goldenPath, JsonSink, loadCases, sendCase, TESTDATA, waitForPorts } from '../dist/components/processors/golden-cases.js';

const bin = process.argv[2] ?? path.join(os.homedir(), '.cache/otelcol-ts/reference/otelcol-ref/otelcol-ref');
const cases = loadCases();
const sink = new JsonSink();
const sinkPort = await sink.start();
const ports = await freePorts(cases.length);
const cfgFile = path.join(os.tmpdir(), `golden-processors-${process.pid}.yaml`);
writeFileSync(cfgFile, stringify(collectorConfig(cases, ports, sinkPort)));
const go = spawn(bin, [`--config=${cfgFile}`], { stdio: ['ignore', 'inherit', 'pipe'] });
let stderr = '';
go.stderr.on('data', (d) => (stderr += d));
try {
  await waitForPorts(ports);
  mkdirSync(`${TESTDATA}golden`, { recursive: true });
  for (const [i, c] of cases.entries()) {
    for (const signal of c.signals) {
      const status = await sendCase(c, signal, ports[i]);
      if (status !== 200) throw new Error(`${c.name} ${signal}: Go answered ${status}`);
      const got = sink.take(c, signal);
      if (got.length > 1) throw new Error(`${c.name} ${signal}: ${got.length} requests`);
      const out = got.length ? JSON.stringify(JSON.parse(got[0]), null, 1) : 'null';
      writeFileSync(goldenPath(c, signal), out + '\n');
      console.log(`${c.name}.${signal}: ${got.length ? `${got[0].length} B` : 'nothing sent'}`);
    }
  }
} catch (err) {
  console.error(stderr);
  throw err;
} finally {
  go.kill('SIGTERM');
  await sink.stop();
  rmSync(cfgFile, { force: true });
}
