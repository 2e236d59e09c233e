// R.E.D. metrics end to end, as the user's Grafana gets them: the OpenTelemetry JS SDK sends spans
// over OTLP/HTTP to our collector process (otlp → spanmetrics → prometheus exporter), and a real
// Prometheus (Debian's, src/testing/prometheus.ts) scrapes the exporter and our self-metrics.
// The spans: 10 per request, 20 requests 250 ms apart, each request 9 spans of 3 ms (one of them
// an error) and 1 of 70 ms. So calls total 200, errors 10 %, rate()[1m] 200/60 per second, and the 95th
// percentile sits halfway through the (50, 100] ms bucket: 75 ms.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CollectorProcess } from '../../../testing/collector.js';
import { httpGet } from '../../../testing/http.js';
import { freePorts } from '../../../testing/ports.js';
import { prometheusPath, startPrometheus } from '../../../testing/prometheus.js';

const skip = prometheusPath() === null ? 'prometheus binary not installed' : false;
const ROUNDS = 20;
const PER_ROUND = 10;
const ROUND_MS = 250;

test('spanmetrics → prometheus exporter → Prometheus: rate, error ratio and histogram_quantile are what the spans imply', { skip }, async () => {
  const [otlpPort, promPort, selfPort] = await freePorts(3);
  const config = {
    receivers: { otlp: { protocols: { http: { endpoint: `127.0.0.1:${otlpPort}` } } } },
    connectors: { spanmetrics: { metrics_flush_interval: '1s' } },
    exporters: { prometheus: { endpoint: `127.0.0.1:${promPort}` } },
    service: {
      telemetry: { metrics: { address: `127.0.0.1:${selfPort}` } },
      pipelines: {
        traces: { receivers: ['otlp'], exporters: ['spanmetrics'] },
        metrics: { receivers: ['spanmetrics'], exporters: ['prometheus'] },
      },
    },
  };
  const dir = mkdtempSync(join(tmpdir(), 'spanmetrics-e2e-'));
  writeFileSync(join(dir, 'config.yaml'), stringify(config));
  const collector = CollectorProcess.start([`--config=${join(dir, 'config.yaml')}`]);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'service.instance.id': 'c-1' }),
    // One request per round (forceFlush), so every flush of the connector holds whole rounds.
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `http://127.0.0.1:${otlpPort}/v1/traces` }), {
        scheduledDelayMillis: 60_000,
        maxExportBatchSize: PER_ROUND,
      }),
    ],
  });
  let prometheus: Awaited<ReturnType<typeof startPrometheus>> | undefined;
  try {
    await collector.waitForLog(/Everything is ready/);
    prometheus = await startPrometheus({
      config: [
        'global: { scrape_interval: 1s, scrape_timeout: 1s }',
        'scrape_configs:',
        `  - job_name: exporter`,
        `    static_configs: [{ targets: ['127.0.0.1:${promPort}'] }]`,
        `  - job_name: self`,
        `    static_configs: [{ targets: ['127.0.0.1:${selfPort}'] }]`,
        '',
      ].join('\n'),
    });
    const p = prometheus;
    // Prometheus hands new targets to its scrapers up to 5 s after start: spans before that would
    // all land in the first sample.
    await p.waitForQuery('up', (v) => v.length === 2 && v.every((s) => s.value === 1));
    const tracer = provider.getTracer('e2e');
    for (let r = 0; r < ROUNDS; r++) {
      const now = Date.now();
      for (let i = 0; i < PER_ROUND; i++) {
        const span = tracer.startSpan('GET /checkout', { kind: SpanKind.SERVER, startTime: now });
        if (i === 0) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end(now + (i === PER_ROUND - 1 ? 70 : 3));
      }
      await provider.forceFlush();
      await new Promise((res) => setTimeout(res, ROUND_MS));
    }

    // Names as the exporter serves them now (it may add unit suffixes): read /metrics first.
    const text = (await httpGet(`http://127.0.0.1:${promPort}/metrics`)).body;
    const callsName = /^(traces_span_metrics_calls(?:_total)?)\{/m.exec(text)?.[1];
    const bucketName = /^(traces_span_metrics_duration(?:_milliseconds)?_bucket)\{/m.exec(text)?.[1];
    assert.ok(callsName && bucketName, `spanmetrics series on /metrics:\n${text.slice(0, 2000)}`);
    assert.match(text, /span_kind="SPAN_KIND_SERVER"/);
    assert.match(text, /status_code="STATUS_CODE_ERROR"/);
    assert.match(text, /span_name="GET \/checkout"/);

    const sel = `{span_name="GET /checkout"}`;
    const total = await p.waitForQuery(`sum(${callsName}${sel})`, (v) => v[0]?.value === ROUNDS * PER_ROUND);
    assert.equal(total[0]!.value, 200);
    const errors = await p.query(`sum(${callsName}{span_name="GET /checkout",status_code="STATUS_CODE_ERROR"})`);
    assert.equal(errors[0]!.value, ROUNDS);

    // Over the raw cumulative buckets the quantile is exact: rank 190 of 200 is halfway through (50, 100].
    const q = await p.query(`histogram_quantile(0.95, sum by (le) (${bucketName}${sel}))`);
    assert.equal(q[0]!.value, 75);

    // The dashboard queries. All 200 spans went out within the last minute, so rate()[1m] is
    // 200/60 per second, plus Prometheus's extrapolation past the last sample (at most one scrape
    // interval over the ~6 s the samples cover).
    const rate = await p.query(`sum(rate(${callsName}${sel}[1m]))`);
    const implied = (ROUNDS * PER_ROUND) / 60;
    assert.ok(
      rate[0]!.value >= implied * 0.98 && rate[0]!.value <= implied * 1.3,
      `rate ${rate[0]!.value}/s, the spans imply ${implied.toFixed(2)}/s`,
    );
    const errorRatio = await p.query(
      `sum(rate(${callsName}{span_name="GET /checkout",status_code="STATUS_CODE_ERROR"}[1m])) / sum(rate(${callsName}${sel}[1m]))`,
    );
    assert.ok(Math.abs(errorRatio[0]!.value - 0.1) < 0.02, `error ratio ${errorRatio[0]!.value}`);
    const p95 = await p.query(`histogram_quantile(0.95, sum by (le) (rate(${bucketName}${sel}[1m])))`);
    assert.ok(Math.abs(p95[0]!.value - 75) < 2.5, `p95 over rate() ${p95[0]!.value} ms`);
    console.log(
      `# rate ${rate[0]!.value.toFixed(3)}/s (implied ${implied.toFixed(3)}), error ratio ${errorRatio[0]!.value.toFixed(4)}, p95 ${p95[0]!.value.toFixed(2)} ms`,
    );

    // Our self-metrics: the limit is exported, nothing overflowed.
    const limit = await p.waitForQuery(`otelcol_connector_spanmetrics_cardinality_limit{scope="resource"}`);
    assert.equal(limit[0]!.value, 2000);
    const series = await p.query('otelcol_connector_spanmetrics_series');
    assert.equal(series[0]!.value, 4, 'calls and duration, for unset and error');
    const overflow = await p.query('otelcol_connector_spanmetrics_overflow_items');
    assert.equal(overflow[0]!.value, 0);
  } finally {
    await provider.shutdown().catch(() => {});
    await prometheus?.stop();
    await collector.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
