#!/usr/bin/env node
// Re-records the count connector's golden outputs from the reference Go collector
// (bench/reference/build.sh builds it): every case of src/components/connectors/count/testdata/
// cases.yaml in one Go process, each input posted as OTLP/JSON, what Go's otlphttp exporter posts
// saved (normalized: see normalizeExport) as testdata/golden/<case>.<signal>.json, or "null" when
// Go sent nothing. Needs `npm run build` first.
//   node scripts/record-count-fixtures.mjs [path/to/otelcol-ref]
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  collectorConfig,
  goldenPath,
  loadCases,
  normalizeExport,
  sendInput,
  sinkPath,
  TESTDATA,
} from '../dist/components/connectors/count/golden-cases.js';
import { freePorts } from '../dist/testing/ports.js';
import { OtlpJsonSink, referenceCollectorPath, startCollector } from '../dist/testing/reference-collector.js';

const cases = loadCases();
const sink = new OtlpJsonSink();
const sinkUrl = await sink.start();
const ports = await freePorts(cases.length);
const go = await startCollector({
  command: referenceCollectorPath(process.argv[2]),
  config: collectorConfig(cases, ports, sinkUrl),
  readyPorts: ports,
});
const nowNs = () => BigInt(Date.now()) * 1_000_000n;
try {
  mkdirSync(`${TESTDATA}golden`, { recursive: true });
  for (const [i, c] of cases.entries()) {
    for (const signal of c.signals) {
      const from = nowNs() - 1_000_000n;
      const status = await sendInput(signal, ports[i]);
      const to = nowNs() + 1_000_000n;
      if (status !== 200) throw new Error(`${c.name} ${signal}: Go answered ${status}`);
      const got = sink.take(sinkPath(c));
      if (got.length > 1) throw new Error(`${c.name} ${signal}: ${got.length} requests`);
      const out = got.length ? JSON.stringify(normalizeExport(got[0], from, to), null, 1) : 'null';
      writeFileSync(goldenPath(c, signal), out + '\n');
      console.log(`${c.name}.${signal}: ${got.length ? `${got[0].length} B` : 'nothing sent'}`);
    }
  }
} catch (err) {
  console.error(go.log());
  throw err;
} finally {
  await go.stop();
  await sink.close();
}
