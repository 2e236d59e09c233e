#!/usr/bin/env node
// Re-records the golden outputs of the attributes, resource and filter processors from the
// reference Go collector (bench/reference/build.sh builds it): every case of
// src/components/processors/testdata/cases.yaml in one Go process, inputs posted as OTLP/JSON,
// what its otlphttp exporters post (JSON) saved as testdata/golden/<case>.<signal>.json
// ("null" when Go sent nothing, e.g. everything filtered). Needs `npm run build` first.
// A map given as an action's `value` comes out of Go in Go's random map order (pcommon
// Map.FromRaw ranges over a Go map); the recording keeps the sorted-keys outcome, the one ours
// produces, so re-recording is stable. Maps from the inputs keep their order.
//   node scripts/record-processor-fixtures.mjs [path/to/otelcol-ref]
import { mkdirSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { collectorConfig, goldenPath, loadCases, sendCase, sinkPath, TESTDATA } from '../dist/components/processors/golden-cases.js';
import { freePorts } from '../dist/testing/ports.js';
import { OtlpJsonSink, referenceCollectorPath, startCollector } from '../dist/testing/reference-collector.js';

/** Keys the case's actions set to a literal map (or a list holding one). */
function configMapKeys(c) {
  const keys = new Set();
  const holdsMap = (v) => (Array.isArray(v) ? v.some(holdsMap) : v !== null && typeof v === 'object');
  for (const a of parse(stringify(c.processor)).actions ?? []) if (holdsMap(a.value)) keys.add(a.key);
  return keys;
}

/** Sorts, recursively, the kvlists inside every attribute whose key is in `keys`. */
function sortConfigMaps(node, keys) {
  const sortValue = (v) => {
    if (v?.kvlistValue?.values) {
      v.kvlistValue.values.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
      for (const kv of v.kvlistValue.values) sortValue(kv.value);
    }
    for (const x of v?.arrayValue?.values ?? []) sortValue(x);
  };
  const walk = (x) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      if (Array.isArray(x.attributes)) for (const kv of x.attributes) if (keys.has(kv.key)) sortValue(kv.value);
      Object.values(x).forEach(walk);
    }
  };
  if (keys.size) walk(node);
  return node;
}

const cases = loadCases();
const sink = new OtlpJsonSink();
const sinkUrl = await sink.start();
const ports = await freePorts(cases.length);
const go = await startCollector({
  command: referenceCollectorPath(process.argv[2]),
  config: collectorConfig(cases, ports, sinkUrl),
  readyPorts: ports,
});
try {
  mkdirSync(`${TESTDATA}golden`, { recursive: true });
  for (const [i, c] of cases.entries()) {
    for (const signal of c.signals) {
      const status = await sendCase(c, signal, ports[i]);
      if (status !== 200) throw new Error(`${c.name} ${signal}: Go answered ${status}`);
      const got = sink.take(sinkPath(c, signal));
      if (got.length > 1) throw new Error(`${c.name} ${signal}: ${got.length} requests`);
      const out = got.length ? JSON.stringify(sortConfigMaps(JSON.parse(got[0]), configMapKeys(c)), null, 1) : 'null';
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
