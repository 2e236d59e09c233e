#!/usr/bin/env node
// Records the golden fixtures of the prometheusremotewrite exporter from the reference Go collector
// (otelcol-contrib v0.130.0 subset, bench/reference/build.sh). Run from the repository root after
// `npx tsc -p tsconfig.json`:
//
//   node src/components/exporters/prometheusremotewrite/testdata/record.mjs [path/to/otelcol-ref]
//
// Go runs one `otlp/<case>` receiver → `prometheusremotewrite/<case>` exporter pipeline per case of
// inputs.mjs; INPUT goes to each receiver as OTLP/JSON over HTTP; a remote-write endpoint
// (../testkit.ts RemoteWriteSink) decodes every request Go sends. testdata/<case>.json holds the
// exporter settings, the request headers and every series/metadata entry, in the normal form of
// testkit.ts normalizeWrites.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES, INPUT } from './inputs.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '../../../../../dist');
const { referenceCollectorPath, startCollector } = await import(path.join(dist, 'testing/reference-collector.js'));
const { freePorts } = await import(path.join(dist, 'testing/ports.js'));
const { RemoteWriteSink, normalizeWrites } = await import(path.join(dist, 'components/exporters/prometheusremotewrite/testkit.js'));

const goBin = referenceCollectorPath(process.argv[2]);
const sink = new RemoteWriteSink();
const base = await sink.start();
const names = Object.keys(CASES);
const ports = await freePorts(names.length);
const receivers = {};
const exporters = {};
const pipelines = {};
names.forEach((name, i) => {
  receivers[`otlp/${name}`] = { protocols: { http: { endpoint: `127.0.0.1:${ports[i]}` } } };
  exporters[`prometheusremotewrite/${name}`] = { endpoint: `${base}/${name}`, ...CASES[name] };
  pipelines[`metrics/${name}`] = { receivers: [`otlp/${name}`], exporters: [`prometheusremotewrite/${name}`] };
});
const config = { receivers, exporters, service: { telemetry: { metrics: { level: 'none' }, logs: { level: 'warn' } }, pipelines } };
const go = await startCollector({ command: goBin, config, readyPorts: ports });
try {
  for (let i = 0; i < names.length; i++) {
    const res = await fetch(`http://127.0.0.1:${ports[i]}/v1/metrics`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(INPUT),
    });
    if (res.status !== 200) throw new Error(`otlp/${names[i]} answered ${res.status}: ${await res.text()}`);
  }
  // Quiet for 1.5 s: every request sent.
  let seen = -1;
  while (seen !== sink.writes.length) {
    seen = sink.writes.length;
    await new Promise((r) => setTimeout(r, 1500));
  }
} finally {
  await go.stop();
  await sink.close();
}
for (const name of names) {
  const writes = sink.writes.filter((w) => w.path === `/${name}`);
  const h = writes[0]?.headers ?? {};
  const fixture = {
    about: `Recorded from otelcol-contrib v0.130.0 (bench/reference) by record.mjs: otlp → prometheusremotewrite/${name}, input inputs.mjs INPUT`,
    exporter: CASES[name],
    requests: writes.length,
    headers: {
      'content-encoding': h['content-encoding'],
      'content-type': h['content-type'],
      'x-prometheus-remote-write-version': h['x-prometheus-remote-write-version'],
      'user-agent': h['user-agent'],
    },
    ...normalizeWrites(writes),
  };
  fs.writeFileSync(path.join(here, `${name}.json`), JSON.stringify(fixture, null, 1) + '\n');
  console.log(`${name}: ${writes.length} requests, ${fixture.series.length} series, ${fixture.metadata.length} metadata`);
}
