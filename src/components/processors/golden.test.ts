// Our attributes, resource and filter processors against what the reference Go collector
// (otelcol-contrib v0.130.0) produced for the same config and input (testdata/golden, recorded by
// scripts/record-processor-fixtures.mjs). A real collector process: OTLP/HTTP JSON in through the
// otlp receiver (with include_metadata), out through the otlphttp exporter to a sink. Trees are
// compared field by field, value types included (an Int is a bigint, a Double a number), and
// attribute order too (Go's Map.Remove moves the last entry into the hole).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { Signal } from '../../core/payload.js';
import { Logs } from '../../pdata/logs.js';
import { Metrics } from '../../pdata/metrics.js';
import { Traces } from '../../pdata/traces.js';
import { CollectorProcess } from '../../testing/collector.js';
import { freePorts } from '../../testing/ports.js';
import { OtlpJsonSink, waitForPort } from '../../testing/reference-collector.js';
import { tempFile } from '../../testing/tmp.js';
import { collectorConfig, goldenPath, loadCases, sendCase, sinkPath } from './golden-cases.js';

const cases = loadCases();
const sink = new OtlpJsonSink();
let ports: number[] = [];
let collector: CollectorProcess;

function tree(signal: Signal, json: string): unknown {
  switch (signal) {
    case 'logs':
      return Logs.fromJSON(json).resourceLogs;
    case 'traces':
      return Traces.fromJSON(json).resourceSpans;
    case 'metrics':
      return Metrics.fromJSON(json).resourceMetrics;
  }
}

before(async () => {
  const sinkUrl = await sink.start();
  ports = await freePorts(cases.length);
  const file = await tempFile('processors-golden.yaml', stringify(collectorConfig(cases, ports, sinkUrl)));
  collector = CollectorProcess.start([`--config=${file}`]);
  for (const p of ports) await waitForPort(p);
});

after(async () => {
  await collector?.stop();
  await sink.close();
});

for (const [i, c] of cases.entries()) {
  for (const signal of c.signals) {
    test(`${c.name} (${signal}) equals the Go collector's output`, async () => {
      const status = await sendCase(c, signal, ports[i]!);
      assert.equal(status, 200, collector.stderr.slice(-2000));
      const got = sink.take(sinkPath(c, signal));
      const golden = readFileSync(goldenPath(c, signal), 'utf8').trim();
      if (golden === 'null') {
        assert.equal(got.length, 0, 'Go sent nothing for this case');
        return;
      }
      assert.equal(got.length, 1, `one export expected, got ${got.length}`);
      assert.deepStrictEqual(tree(signal, got[0]!), tree(signal, golden));
    });
  }
}
