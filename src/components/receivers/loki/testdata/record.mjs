#!/usr/bin/env node
// Records the golden fixture of the seed's `logs/loki` pipeline (promtail → loki receiver →
// batch → attributes/loki_systemd → loki exporter) from the reference Go collector
// (otelcol-contrib v0.130.0 subset, bench/reference/build.sh). Run from the repository root
// after `npx tsc -p tsconfig.json`:
//
//   node src/components/receivers/loki/testdata/record.mjs [path/to/otelcol-ref]
//
// That build has no `loki` receiver (its v0.130 module is not served), so Go's receiver step is
// reproduced from its source (inputs.mjs goReceiverRecords: labels except __* → string
// attributes, line → body, timestamps = receive time) and sent as OTLP/JSON to Go's `otlp`
// receiver; everything after it (batch, the seed's attributes/loki_systemd, the loki exporter)
// is Go's. Writes testdata/logs_loki.json with the push requests Go's exporter sent.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { goReceiverRecords, requests } from './inputs.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../../../..');
const { startLokiSink } = await import(path.join(repo, 'dist/components/exporters/loki/testkit.js'));

const { freePort } = await import(path.join(repo, 'dist/testing/ports.js'));
const { referenceCollectorPath, startCollector } = await import(path.join(repo, 'dist/testing/reference-collector.js'));
const goBin = referenceCollectorPath(process.argv[2]);

const sink = await startLokiSink();
const seed = YAML.parse(fs.readFileSync('/work/shared/seed/otel-collector-config.yaml', 'utf8').replace(/\$\{env:[A-Z_]+\}/g, 'unused'));
const port = await freePort();
const PROCESSORS = ['batch', 'attributes/loki_systemd'];
const config = {
  receivers: { otlp: { protocols: { http: { endpoint: `127.0.0.1:${port}` } } } },
  processors: Object.fromEntries(PROCESSORS.map((p) => [p, seed.processors[p] ?? null])),
  exporters: { loki: { endpoint: `${sink.url}/loki/api/v1/push`, sending_queue: { num_consumers: 1 } } },
  service: {
    telemetry: { metrics: { level: 'none' }, logs: { level: 'warn' } },
    pipelines: { 'logs/loki': { receivers: ['otlp'], processors: PROCESSORS, exporters: ['loki'] } },
  },
};
const nowNs = BigInt(Date.now()) * 1_000_000n;
const go = await startCollector({ command: goBin, config, readyPorts: [port] });
try {
  for (const streams of requests) {
    const res = await fetch(`http://127.0.0.1:${port}/v1/logs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(goReceiverRecords(streams, nowNs)),
    });
    if (res.status !== 200) throw new Error(`Go's otlp receiver answered ${res.status}: ${await res.text()}`);
  }
  let last = -1;
  while (last !== sink.requests.length) {
    last = sink.requests.length;
    await new Promise((r) => setTimeout(r, 1500));
  }
} finally {
  await go.stop();
  await sink.close();
}

const fixture = {
  about:
    "Recorded from otelcol-contrib v0.130.0 (bench/reference) by record.mjs; pipeline logs/loki: (Go's loki receiver step reproduced, see README.md) → batch → attributes/loki_systemd → loki",
  processors: config.processors,
  pushes: sink.pushes.map((p) => ({
    tenant: p.tenant,
    streams: p.streams.map((s) => ({
      labels: s.labels,
      entries: s.entries.map((e) => ({ ts: e.ts === String(nowNs) ? 'now' : e.ts, line: e.line })),
    })),
  })),
};
fs.writeFileSync(path.join(here, 'logs_loki.json'), JSON.stringify(fixture, null, 1) + '\n');
console.log(
  `logs_loki: ${fixture.pushes.length} pushes, ${fixture.pushes.reduce((n, p) => n + p.streams.reduce((m, s) => m + s.entries.length, 0), 0)} entries`,
);
