// Golden test: the same OTLP metrics (testdata/inputs.mjs) through our exporter, over HTTP into a
// remote-write endpoint that decodes the requests, against what Go's v0.130 exporter sent
// (testdata/<case>.json, recorded by testdata/record.mjs). Series names, labels, samples, exemplars,
// native histograms and metadata must be equal; how they are spread over requests may differ.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { EMPTY_CONTEXT } from '../../../core/consumer.js';
import { Metrics } from '../../../pdata/index.js';
import { buildExporter } from '../../../testing/components.js';
import { testHost } from '../../../testing/host.js';
import { waitFor } from '../../../testing/wait.js';
import { prometheusRemoteWriteExporterFactory } from './factory.js';
import { normalizeWrites, RemoteWriteSink, type FixtureSeries } from './testkit.js';

const testdata = new URL('../../../../src/components/exporters/prometheusremotewrite/testdata/', import.meta.url);
// The inputs are a plain ESM module shared with the recorder; it stays in src/.
const { CASES, INPUT } = (await import(new URL('inputs.mjs', testdata).href)) as { CASES: Record<string, object>; INPUT: object };

/** Go creates the series of an exponential histogram point before failing on its scale, and sends it empty; we do not. */
function withData(series: FixtureSeries[]): FixtureSeries[] {
  return series.filter((s) => s.samples !== undefined || s.histograms !== undefined);
}

for (const name of Object.keys(CASES)) {
  test(`golden ${name}: our series are Go's`, async () => {
    const fixture = JSON.parse(readFileSync(new URL(`${name}.json`, testdata), 'utf8'));
    const sink = new RemoteWriteSink();
    const endpoint = await sink.start();
    const { exporter, lines } = buildExporter(prometheusRemoteWriteExporterFactory, { endpoint: `${endpoint}/${name}`, ...fixture.exporter }, [
      'metrics',
    ]);
    await exporter.start(testHost());
    try {
      await exporter.consume(Metrics.fromJSON(JSON.stringify(INPUT)), EMPTY_CONTEXT);
      await waitFor(() => sink.writes.length > 0 && sink.attempts.length === sink.writes.length);
      await exporter.shutdown();
      const ours = normalizeWrites(sink.writes);
      assert.ok(ours.series.length >= 40, `${ours.series.length} series`);
      assert.deepEqual(ours.series, withData(fixture.series));
      assert.deepEqual(ours.metadata, fixture.metadata);
      const h = sink.writes[0]!.headers;
      assert.equal(h['content-encoding'], fixture.headers['content-encoding']);
      assert.equal(h['content-type'], fixture.headers['content-type']);
      assert.equal(h['x-prometheus-remote-write-version'], fixture.headers['x-prometheus-remote-write-version']);
      if (name === 'options') assert.ok(sink.writes.length > 2, 'max_batch_size_bytes 2000 splits the batch');
      // Go drops delta metrics, empty metrics and the rest of an exponential histogram with scale < -4; we log each.
      const dropped = lines.filter((l) => String(l.msg).startsWith('Dropped a metric')).map((l) => l.metric);
      assert.deepEqual(dropped.sort(), ['delta.counter', 'delta.histogram', 'delta.updown', 'empty.gauge', 'latency.exp.badscale']);
    } finally {
      await exporter.shutdown();
      await sink.close();
    }
  });
}
