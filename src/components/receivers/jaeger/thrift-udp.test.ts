// thrift_binary and thrift_compact (Agent.emitBatch over UDP) with real clients: the npm
// jaeger-client UDP sender (binary protocol) and Debian's ruby-jaeger-client (compact protocol).
// Bad datagrams are dropped and counted, and the next good one still arrives.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { after, before, test } from 'node:test';
import { ConsumerError } from '../../../core/consumer.js';
import { getAttribute, idToHex, SpanKind, StatusCode } from '../../../pdata/index.js';
import { encodeEmitBatch, span, tag } from '../../../shared/codec/jaeger/thrift-encode.js';
import { waitFor } from '../../../testing/wait.js';
import { closeTracer, portOf, receivedSpans, startJaeger, traefikLikeTracer, type JaegerUnderTest } from './testkit.js';

let rx: JaegerUnderTest;
before(async () => {
  rx = await startJaeger({ thrift_binary: { max_packet_size: 4096, workers: 2 }, thrift_compact: {} });
});
after(() => rx.stop());

const udp = createSocket('udp4');
after(() => udp.close());

function send(bytes: Uint8Array, protocol: 'thrift_binary' | 'thrift_compact'): Promise<void> {
  return new Promise((resolve, reject) =>
    udp.send(bytes, portOf(rx.receiver.addresses[protocol]!), '127.0.0.1', (err) => (err ? reject(err) : resolve())),
  );
}

function spansNamed(name: string) {
  return receivedSpans(rx.sink).filter((s) => s.span.name === name);
}

test('jaeger-client (npm) UDP sender → thrift_binary', async () => {
  const tracer = traefikLikeTracer({ agentHost: '127.0.0.1', agentPort: portOf(rx.receiver.addresses.thrift_binary!) }, 'node-udp');
  const root = tracer.startSpan('udp-root');
  root.setTag('span.kind', 'client');
  root.setTag('http.status_code', 404);
  tracer.startSpan('udp-child', { childOf: root.context() }).finish();
  root.finish();
  await closeTracer(tracer);
  await waitFor(() => spansNamed('udp-root').length === 1 && spansNamed('udp-child').length === 1, 5000, 'both spans');
  const r = spansNamed('udp-root')[0]!;
  assert.equal(r.resource['service.name'], 'node-udp');
  assert.equal(r.span.kind, SpanKind.CLIENT);
  // jaeger-client-node sends numbers as DOUBLE tags, and Go reads an HTTP status only from an int
  // or a string: no status, though a client 4xx would otherwise be an error.
  assert.equal(getAttribute(r.span.attributes, 'http.status_code'), 404);
  assert.equal(r.span.status.code, StatusCode.UNSET);
  assert.match(idToHex(r.span.traceId), /^0{16}/);
  assert.equal(spansNamed('udp-child')[0]!.span.parentSpanId, r.span.spanId);
  assert.match(rx.metricsText(), /otelcol_receiver_accepted_spans\{[^}]*transport="udp_thrift_binary"[^}]*\} [1-9]/);
});

const RUBY = `
require 'logger'
require 'jaeger/client'
tracer = Jaeger::Client.build(service_name: 'ruby-svc', host: '127.0.0.1', port: Integer(ARGV[0]), flush_interval: 0.05,
                              tags: { 'hostname' => 'rb-host' }, logger: Logger.new(nil))
root = tracer.start_span('ruby-root', tags: { 'span.kind' => 'server', 'http.status_code' => 503, 'flag' => true, 'ratio' => 0.5 })
root.log_kv(event: 'started', note: 'hi')
tracer.start_span('ruby-child', child_of: root).finish
root.finish
sleep 0.5
`;

const hasRubyJaeger = spawnSync('ruby', ['-e', "require 'jaeger/client'"], { stdio: 'ignore' }).status === 0;

test(
  'ruby-jaeger-client (Debian, Thrift compact over UDP) → thrift_compact',
  { skip: hasRubyJaeger ? false : 'ruby with the jaeger-client gem is not installed (apt-get install ruby-jaeger-client)' },
  async () => {
    const res = spawnSync('ruby', ['-e', RUBY, String(portOf(rx.receiver.addresses.thrift_compact!))], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(res.status, 0, res.stderr);
    await waitFor(() => spansNamed('ruby-root').length === 1 && spansNamed('ruby-child').length === 1, 5000, 'both ruby spans');
    const r = spansNamed('ruby-root')[0]!;
    assert.equal(r.resource['service.name'], 'ruby-svc');
    assert.equal(r.resource['host.name'], 'rb-host');
    assert.equal(r.span.kind, SpanKind.SERVER);
    assert.equal(r.span.status.code, StatusCode.ERROR);
    assert.equal(getAttribute(r.span.attributes, 'http.status_code'), 503n, 'ruby sends integers as LONG');
    assert.equal(getAttribute(r.span.attributes, 'flag'), true);
    assert.equal(getAttribute(r.span.attributes, 'ratio'), 0.5);
    assert.equal(r.span.events[0]!.name, 'started');
    assert.equal(spansNamed('ruby-child')[0]!.span.parentSpanId, r.span.spanId);
    assert.match(rx.metricsText(), /otelcol_receiver_accepted_spans\{[^}]*transport="udp_thrift_compact"[^}]*\} [1-9]/);
  },
);

test('bad datagrams are dropped and counted; good ones keep flowing', async () => {
  const good = (name: string) => ({
    process: { serviceName: 'svc', tags: [tag('k', 'v')] },
    spans: [span({ traceIdLow: 3n, spanId: 4n, operationName: name, startTime: 1n })],
  });
  const binary = encodeEmitBatch(good('x'), 'binary');
  const compact = encodeEmitBatch(good('x'), 'compact');
  await send(binary.subarray(0, binary.length - 4), 'thrift_binary'); // truncated
  await send(compact, 'thrift_binary'); // the other protocol
  await send(Buffer.alloc(5000, 0x0f), 'thrift_binary'); // above max_packet_size 4096
  await send(Buffer.from([0x82, 0x21, 0x01, 0x09, ...Buffer.from('emitBatch'), 0x1c, 0x19, 0xfc, 0xff, 0xff, 0xff, 0x07]), 'thrift_compact'); // lying list length
  await send(Buffer.from('not thrift at all'), 'thrift_compact');
  await send(encodeEmitBatch(good('after-binary'), 'binary'), 'thrift_binary');
  await send(encodeEmitBatch(good('after-compact'), 'compact'), 'thrift_compact');
  await waitFor(() => spansNamed('after-binary').length === 1 && spansNamed('after-compact').length === 1, 5000, 'good datagrams after bad ones');
  await waitFor(() => (rx.receiver.transport('thrift_binary')!.udp!.stats.dropped.handler_error ?? 0) >= 2, 2000, 'binary drops counted');
  const binStats = rx.receiver.transport('thrift_binary')!.udp!.stats;
  const cmpStats = rx.receiver.transport('thrift_compact')!.udp!.stats;
  assert.equal(binStats.dropped.handler_error, 2);
  assert.equal(binStats.dropped.too_large, 1);
  assert.equal(cmpStats.dropped.handler_error, 2);
  const text = rx.metricsText();
  assert.match(text, /otelcol_receiver_udp_datagrams_dropped[^\n]*reason="too_large"[^\n]* 1/);
  assert.equal(spansNamed('x').length, 0);
});

test('a refusing pipeline: the datagram is dropped (handler_error), its spans counted refused, one warning', async () => {
  const drops = () => rx.receiver.transport('thrift_compact')!.udp!.stats.dropped.handler_error ?? 0;
  const dropsBefore = drops();
  const batch = {
    process: { serviceName: 'svc', tags: [tag('k', 'v')] },
    spans: [1n, 2n].map((id) => span({ traceIdLow: 5n, spanId: id, operationName: 'refused', startTime: 1n })),
  };
  try {
    rx.sink.refuseWith = ConsumerError.throttled('memory limit', 1000);
    await send(encodeEmitBatch(batch, 'compact'), 'thrift_compact');
    await waitFor(() => drops() === dropsBefore + 1, 5000, 'the refused datagram counted as dropped');
  } finally {
    rx.sink.refuseWith = undefined;
  }
  assert.match(rx.metricsText(), /otelcol_receiver_refused_spans\{[^}]*transport="udp_thrift_compact"[^}]*\} 2\n/);
  const warned = rx.lines.filter((l) => l.msg === 'Jaeger traces request refused by the pipeline' && l.transport === 'udp_thrift_compact');
  assert.equal(warned.length, 1);
  assert.deepEqual([warned[0]!.items, warned[0]!.kind, warned[0]!.err], [2, 'overloaded', 'memory limit']);
  assert.equal(spansNamed('refused').length, 0);
  // The pipeline takes data again: the next datagram arrives.
  await send(
    encodeEmitBatch({ ...batch, spans: [span({ traceIdLow: 5n, spanId: 3n, operationName: 'after-refusal', startTime: 1n })] }, 'compact'),
    'thrift_compact',
  );
  await waitFor(() => spansNamed('after-refusal').length === 1, 5000, 'a datagram after the refusal');
});
