// The receiver on real sockets: the npm fluent-logger client (Message, PackedForward and
// CompressedPackedForward, acks, the shared-key handshake, TLS), a fluent-bit-shaped Forward
// sender (two writes, EventTime, the v1.5 metadata entry), backpressure with withheld acks, the UDP
// heartbeat, a socket file, and hostile input that must close only its own connection.

import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { after, test } from 'node:test';
import fluent from 'fluent-logger';
import { ConsumerError } from '../../../core/consumer.js';
import type { Logs } from '../../../pdata/logs.js';
import { arr, encodeMp, eventTime, map } from '../../../shared/codec/forward/testkit.js';
import { makeTestCert } from '../../../testing/certs.js';
import { buildReceiver, type BuiltReceiver } from '../../../testing/components.js';
import { testHost } from '../../../testing/host.js';
import { withTempDir } from '../../../testing/tmp.js';
import { waitFor } from '../../../testing/wait.js';
import { encodeAck } from './connection.js';
import { fluentForwardReceiverFactory } from './factory.js';
import type { FluentForwardReceiver } from './fluentforward.js';
import { dockerMessage } from './golden-inputs.js';

const open: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of open.reverse()) await c();
});

async function start(cfg: Record<string, unknown> = {}): Promise<{ b: BuiltReceiver; port: number; address: string }> {
  const b = buildReceiver(fluentForwardReceiverFactory, { endpoint: '127.0.0.1:0', ...cfg });
  await b.receiver.start(testHost());
  open.push(() => b.receiver.shutdown());
  const address = (b.receiver as FluentForwardReceiver).address!;
  return { b, port: Number(address.slice(address.lastIndexOf(':') + 1)), address };
}

function records(b: BuiltReceiver): Array<{ body: unknown; attrs: Record<string, unknown>; time: bigint }> {
  const out: Array<{ body: unknown; attrs: Record<string, unknown>; time: bigint }> = [];
  for (const p of b.consumers.logs!.payloads) {
    (p as Logs).forEachLogRecord((r) =>
      out.push({ body: r.body, attrs: Object.fromEntries(r.attributes.map((a) => [a.key, a.value])), time: r.timeUnixNano }),
    );
  }
  return out;
}

function sender(port: number, opts: Record<string, unknown> = {}): fluent.FluentSender<Record<string, unknown>> {
  // enableReconnect (not in the typings): a refused client must not keep reconnecting after the test.
  const options = { host: '127.0.0.1', port, timeout: 3.0, enableReconnect: false, internalLogger: { info() {}, error() {} }, ...opts };
  const s = fluent.createFluentSender('app', options as fluent.Options);
  open.push(
    () => new Promise<void>((r) => (s.end as unknown as (a?: unknown, b?: unknown, c?: () => void) => void)(undefined, undefined, () => r())),
  );
  return s;
}

const emit = (
  s: fluent.FluentSender<Record<string, unknown>>,
  label: string,
  data: Record<string, unknown>,
  ts?: number | fluent.InnerEventTime,
): Promise<void> =>
  new Promise((resolve, reject) => {
    const cb = (err?: Error) => (err ? reject(err) : resolve());
    if (ts !== undefined) s.emit(label, data, ts as number, cb);
    else s.emit(label, data, cb);
  });

async function rawConn(port: number): Promise<Socket & { received: Buffer[]; gone: Promise<void> }> {
  const sock = connect(port, '127.0.0.1') as Socket & { received: Buffer[]; gone: Promise<void> };
  sock.received = [];
  sock.on('data', (d: Buffer) => sock.received.push(d));
  sock.on('error', () => undefined);
  sock.gone = new Promise((r) => sock.once('close', () => r()));
  await new Promise<void>((r, j) => (sock.once('connect', r), sock.once('error', j)));
  open.push(() => void sock.destroy());
  return sock;
}

for (const eventMode of ['Message', 'PackedForward', 'CompressedPackedForward']) {
  test(`fluent-logger ${eventMode} with requireAckResponse: records arrive typed, each emit is acked`, async () => {
    const { b, port } = await start();
    const s = sender(port, { eventMode, requireAckResponse: true, ackResponseTimeout: 5000, flushInterval: 10 });
    await Promise.all([
      emit(s, 'web', { log: 'GET / 200', status: 200, ratio: 0.5, ok: true, nested: { a: [1, 'x'] } }, 1_700_000_000),
      emit(
        s,
        'web',
        { message: 'second', tags: ['a', 'b'] },
        new (fluent as unknown as { EventTime: new (s: number, n: number) => fluent.InnerEventTime }).EventTime(1_700_000_001, 250_000_000),
      ),
    ]);
    const got = records(b);
    assert.equal(got.length, 2);
    const first = got.find((r) => r.body === 'GET / 200')!;
    assert.equal(first.attrs['fluent.tag'], 'app.web');
    assert.equal(first.attrs.status, 200n);
    assert.equal(first.attrs.ratio, 0.5);
    assert.equal(first.attrs.ok, true);
    assert.equal(first.time, 1_700_000_000_000_000_000n);
    const second = got.find((r) => r.body === 'second')!;
    assert.equal(second.time, 1_700_000_001_250_000_000n);
    assert.deepEqual(second.attrs.tags, ['a', 'b']);
  });
}

test('fluent-bit-shaped Forward sender: header and entries in separate writes, EventTime, v1.5 metadata entries', async () => {
  const { b, port } = await start();
  const sock = await rawConn(port);
  const entry1 = encodeMp(arr(eventTime(1_700_000_100, 7), map({ MESSAGE: 'one', _SYSTEMD_UNIT: 'sshd.service' })));
  const entry2 = encodeMp(arr(arr(eventTime(1_700_000_101, 0), map({ otlp: map({}) })), map({ MESSAGE: 'two' })));
  const full = encodeMp(arr('journal.sshd.service', { raw: Buffer.concat([Buffer.from([0x92]), entry1, entry2]) }));
  // fluent-bit: array header + tag + entries header in one write, then the entries.
  const headerLen = full.length - entry1.length - entry2.length;
  sock.write(full.subarray(0, headerLen));
  await new Promise((r) => setTimeout(r, 30));
  sock.write(full.subarray(headerLen));
  await b.consumers.logs!.waitForItems(2);
  const got = records(b);
  assert.deepEqual(
    got.map((r) => [r.attrs.MESSAGE, r.attrs['fluent.tag'], r.time, r.body]),
    [
      ['one', 'journal.sshd.service', 1_700_000_100_000_000_007n, null],
      ['two', 'journal.sshd.service', 1_700_000_101_000_000_000n, null],
    ],
  );
});

test('a dockerd stream dribbled one byte per write decodes exactly', async () => {
  const { b, port } = await start();
  const sock = await rawConn(port);
  const bytes = Buffer.concat([dockerMessage('line 1'), dockerMessage('line 2')]);
  for (const byte of bytes) {
    sock.write(Buffer.from([byte]));
    await new Promise((r) => setImmediate(r));
  }
  await b.consumers.logs!.waitForItems(2);
  assert.deepEqual(
    records(b).map((r) => r.body),
    ['line 1', 'line 2'],
  );
});

test('acks only after the pipeline accepted: a refusing pipeline gets retries, no ack, no loss', async () => {
  const { b, port } = await start();
  const sink = b.consumers.logs!;
  sink.refuseWith = ConsumerError.retryable('queue full');
  const sock = await rawConn(port);
  const frame = encodeMp(arr('t', 1_700_000_000, map({ log: 'kept' }), map({ chunk: 'abc123' })));
  sock.write(frame);
  await waitFor(() => b.lines.some((l) => String(l.msg).includes('refused by the pipeline')), 3000, 'a refusal logged');
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(Buffer.concat(sock.received).length, 0, 'no ack while refused');
  assert.equal(sink.itemCount(), 0);
  sink.refuseWith = undefined;
  await sink.waitForItems(1);
  await waitFor(() => Buffer.concat(sock.received).length > 0, 3000, 'the ack');
  assert.deepEqual(Buffer.concat(sock.received), encodeAck('abc123'));
  assert.equal(sink.itemCount(), 1, 'delivered exactly once');
});

test('a permanent refusal is not acked and not retried', async () => {
  const { b, port } = await start();
  const sink = b.consumers.logs!;
  sink.refuseWith = ConsumerError.permanent('bad data');
  const sock = await rawConn(port);
  sock.write(encodeMp(arr('t', 1, map({ log: 'x' }), map({ chunk: 'c1' }))));
  await waitFor(() => b.lines.filter((l) => String(l.msg).includes('refused')).length === 1, 3000, 'one refusal');
  sink.refuseWith = undefined;
  sock.write(encodeMp(arr('t', 2, map({ log: 'y' }), map({ chunk: 'c2' }))));
  await sink.waitForItems(1);
  await waitFor(() => Buffer.concat(sock.received).length > 0, 3000, 'the second ack');
  assert.deepEqual(Buffer.concat(sock.received), encodeAck('c2'));
  assert.deepEqual(
    records(b).map((r) => r.body),
    ['y'],
  );
});

test('garbage, absurd lengths, wrong types and truncation close only their connection; others keep flowing', async () => {
  const { b, port } = await start();
  const good = await rawConn(port);
  good.write(dockerMessage('before'));
  await b.consumers.logs!.waitForItems(1);
  const cases: Array<[string, Buffer]> = [
    ['http', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')],
    ['absurd str32 length', Buffer.from([0x93, 0xdb, 0xff, 0xff, 0xff, 0xf0])],
    ['absurd array32', Buffer.from([0x93, 0xa1, 0x74, 0xdd, 0x7f, 0xff, 0xff, 0xff])],
    ['tag not a string', encodeMp(arr(5, 1, map({ log: 'x' })))],
    ['record not a map', encodeMp(arr('t', 1, 'not a map'))],
    ['time is a string in an entry', encodeMp(arr('t', arr(arr('yesterday', map({ log: 'x' })))))],
    ['Message with 5 elements', encodeMp(arr('t', 1, map({}), map({}), 1))],
    ['bad gzip', encodeMp(arr('t', { bin: Buffer.from('not gzip') }, map({ compressed: 'gzip' })))],
  ];
  for (const [name, bytes] of cases) {
    const bad = await rawConn(port);
    bad.write(bytes);
    await Promise.race([bad.gone, new Promise((_, j) => setTimeout(() => j(new Error(`${name}: connection not closed`)), 3000))]);
  }
  // A good frame followed by a bad one in the same write: the good one is delivered and acked first.
  const mixed = await rawConn(port);
  mixed.write(Buffer.concat([encodeMp(arr('t', 1, map({ log: 'good then bad' }), map({ chunk: 'k1' }))), Buffer.from([0xc1])]));
  await mixed.gone;
  assert.deepEqual(Buffer.concat(mixed.received), encodeAck('k1'));
  // Truncated at EOF: the partial frame is discarded, nothing else happens.
  const trunc = await rawConn(port);
  trunc.end(dockerMessage('cut').subarray(0, 20));
  await trunc.gone;
  good.write(dockerMessage('after'));
  await b.consumers.logs!.waitForItems(3);
  assert.deepEqual(
    records(b).map((r) => r.body),
    ['before', 'good then bad', 'after'],
  );
  assert.ok(!good.destroyed, 'the good connection is still open');
  const text = b.metricsText();
  assert.match(text, /otelcol_fluent_parse_failures\S*\{[^}]*receiver="fluentforward"[^}]*\} (9|1\d)/);
  assert.ok(
    b.lines.some((l) => String(l.reason ?? '').includes('not_an_array')),
    'the reason is logged',
  );
});

test('shared_key handshake: fluent-logger with the right key gets through, a wrong key is refused', async () => {
  const { b, port } = await start({ security: { shared_key: 's3cret', self_hostname: 'collector' } });
  const okSender = sender(port, { security: { clientHostname: 'client-a', sharedKey: 's3cret' }, requireAckResponse: true });
  await emit(okSender, 'secure', { log: 'authenticated' });
  assert.deepEqual(
    records(b).map((r) => r.body),
    ['authenticated'],
  );
  const errors: Error[] = [];
  const bad = sender(port, { security: { clientHostname: 'client-b', sharedKey: 'wrong' } });
  (bad as unknown as { on(e: string, f: (e: Error) => void): void }).on('error', (e) => errors.push(e));
  bad.emit('secure', { log: 'must not arrive' }, () => undefined);
  await waitFor(() => errors.length > 0, 3000, 'a handshake error on the client');
  assert.match(String(errors[0]?.message), /Authentication failed: shared_key mismatch/);
  assert.equal(b.consumers.logs!.itemCount(), 1);
});

test('TLS: fluent-logger over TLS', async (t) => {
  let cert;
  try {
    cert = makeTestCert();
  } catch (err) {
    return t.skip(String(err));
  }
  open.push(() => cert.cleanup());
  const { b, port } = await start({ tls: { cert_file: cert.certFile, key_file: cert.keyFile } });
  const s = sender(port, { tls: true, tlsOptions: { ca: cert.cert, servername: 'localhost' }, requireAckResponse: true });
  await emit(s, 'tls', { log: 'over tls' });
  assert.deepEqual(
    records(b).map((r) => r.body),
    ['over tls'],
  );
});

test('UDP heartbeat on the same port is echoed', async () => {
  const { port } = await start();
  const udp = createSocket('udp4');
  open.push(() => void udp.close());
  const reply = new Promise<Buffer>((r) => udp.once('message', (m) => r(m)));
  udp.send(Buffer.from([0x00]), port, '127.0.0.1');
  assert.deepEqual(await reply, Buffer.from([0x00]));
});

test('a unix socket endpoint (unix:// and a bare path, as Go accepts both)', async () => {
  await withTempDir(async (dir) => {
    for (const endpoint of [`unix://${dir}/a.sock`, `${dir}/b.sock`]) {
      const b = buildReceiver(fluentForwardReceiverFactory, { endpoint });
      await b.receiver.start(testHost());
      try {
        const path = endpoint.replace('unix://', '');
        const s = fluent.createFluentSender('u', { path, requireAckResponse: true, internalLogger: { info() {}, error() {} } });
        await emit(s, 'x', { log: 'via socket' });
        (s as unknown as { end(): void }).end();
        assert.deepEqual(
          records(b).map((r) => r.body),
          ['via socket'],
        );
      } finally {
        await b.receiver.shutdown();
      }
    }
  });
});

test('config: endpoint required, bad endpoint named, shared_key required with security', async () => {
  const { configIssues } = await import('../../../testing/components.js');
  assert.match(configIssues(fluentForwardReceiverFactory, {}).join('\n'), /endpoint must be set: host:port or unix:\/\/\/path/);
  assert.equal(configIssues(fluentForwardReceiverFactory, { endpoint: 'localhost' }).length, 1);
  assert.match(
    configIssues(fluentForwardReceiverFactory, { endpoint: ':8006', security: {} }).join('\n'),
    /shared_key must be set when security is configured/,
  );
  assert.deepEqual(configIssues(fluentForwardReceiverFactory, { endpoint: '0.0.0.0:8006' }), []);
});
