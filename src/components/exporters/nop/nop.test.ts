import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { nopExporterFactory } from './factory.js';
import { MetricsRegistry } from '../../../telemetry/metrics.js';
import { Traces, ResourceSpans, ScopeSpans, Span } from '../../../pdata/traces.js';

test('nop exporter accepts data and counts it as sent', async () => {
  const telemetry = new MetricsRegistry();
  const exp = nopExporterFactory.create({ id: 'nop', kind: 'exporter', logger: pino({ level: 'silent' }), telemetry }, {}, new Set(['traces']));
  const rs = new ResourceSpans();
  const ss = new ScopeSpans();
  ss.spans.push(new Span(), new Span());
  rs.scopeSpans.push(ss);
  await exp.consume(new Traces([rs]), {});
  assert.match(telemetry.expose(), /^otelcol_exporter_sent_spans\{[^}]*exporter="nop"[^}]*\} 2$/m);
});
