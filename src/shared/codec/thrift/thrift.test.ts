// The thrift readers on hostile input: lying lengths, truncation, wrong field types, deep nesting,
// bad varints, and random mutations of real Jaeger messages. Every failure must be a
// ThriftDecodeError (never a RangeError, an allocation of a lied-about size, or a hang).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzzDecoder } from '../../../testing/fuzz.js';
import { readBatch, readEmitBatch } from '../jaeger/thrift.js';
import { encodeBatchBinary, encodeEmitBatch, span, tag } from '../jaeger/thrift-encode.js';
import { BinaryReader } from './binary.js';
import { CompactReader } from './compact.js';
import { MAX_DEPTH, TType, ThriftDecodeError } from './types.js';
import { BinaryWriter, CompactWriter } from './writer.js';

const BATCH = {
  process: { serviceName: 'svc', tags: [tag('hostname', 'h'), tag('n', 3n), tag('d', 1.5), tag('b', true), tag('x', new Uint8Array([1, 2]))] },
  spans: [
    span({
      traceIdLow: 77n,
      spanId: 5n,
      parentSpanId: 4n,
      operationName: 'op',
      startTime: 1_700_000_000_000_000n,
      duration: 12n,
      tags: [tag('span.kind', 'server'), tag('http.status_code', 503n)],
      logs: [{ timestamp: 1n, fields: [tag('event', 'e')] }],
      references: [{ refType: 1, traceIdLow: 77n, traceIdHigh: 0n, spanId: 3n }],
    }),
  ],
};

const isDecodeError = (err: unknown) => err instanceof ThriftDecodeError;

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ThriftDecodeError, `a ThriftDecodeError, got ${String(err)}`);
    return err.code;
  }
  assert.fail('decoding succeeded');
}

test('round trip: binary Batch, binary and compact emitBatch', () => {
  const viaHttp = readBatch(new BinaryReader(encodeBatchBinary(BATCH)));
  assert.deepEqual(viaHttp, BATCH);
  for (const p of ['binary', 'compact'] as const) {
    const r = p === 'binary' ? BinaryReader : CompactReader;
    assert.deepEqual(readEmitBatch(new r(encodeEmitBatch(BATCH, p))), BATCH);
  }
});

test('truncation anywhere is a typed error, never a RangeError', () => {
  for (const [bytes, make] of [
    [encodeBatchBinary(BATCH), (b: Uint8Array) => readBatch(new BinaryReader(b))],
    [encodeEmitBatch(BATCH, 'compact'), (b: Uint8Array) => readEmitBatch(new CompactReader(b))],
    [encodeEmitBatch(BATCH, 'binary'), (b: Uint8Array) => readEmitBatch(new BinaryReader(b))],
  ] as const) {
    for (let n = 0; n < bytes.length; n++) {
      assert.match(
        code(() => make(bytes.subarray(0, n))),
        /^(truncated|size_limit)$/,
        `cut at ${n}`,
      );
    }
  }
});

test('a list claiming more elements than bytes left is refused before allocating', () => {
  const w = new BinaryWriter();
  w.writeFieldBegin(TType.STRUCT, 1);
  w.writeFieldBegin(TType.STRING, 1);
  w.writeString('svc');
  w.writeFieldStop();
  w.writeFieldBegin(TType.LIST, 2);
  w.writeListBegin(TType.STRUCT, 0x7fffffff);
  assert.equal(
    code(() => readBatch(new BinaryReader(w.finish()))),
    'size_limit',
  );

  const c = new CompactWriter();
  c.writeMessageBegin('emitBatch', 4, 1);
  c.structBegin();
  c.writeFieldBegin(TType.STRUCT, 1);
  c.structBegin();
  c.writeFieldBegin(TType.LIST, 2);
  c.writeListBegin(TType.STRUCT, 2_000_000_000);
  assert.equal(
    code(() => readEmitBatch(new CompactReader(c.finish()))),
    'size_limit',
  );
});

test('a string longer than the input, or negative, is refused', () => {
  const b = Buffer.from([TType.STRUCT, 0, 1, TType.STRING, 0, 1, 0x00, 0x10, 0x00, 0x00, 0x41]);
  assert.equal(
    code(() => readBatch(new BinaryReader(b))),
    'size_limit',
  );
  const neg = Buffer.from([TType.STRUCT, 0, 1, TType.STRING, 0, 1, 0xff, 0xff, 0xff, 0xfe]);
  assert.equal(
    code(() => readBatch(new BinaryReader(neg))),
    'negative_size',
  );
});

test('a required field sent with the wrong type is skipped and then missing (as Go generated code does)', () => {
  const w = new BinaryWriter();
  w.writeFieldBegin(TType.I32, 1); // process should be a struct
  w.writeI32(5);
  w.writeFieldBegin(TType.LIST, 2);
  w.writeListBegin(TType.STRUCT, 0);
  w.writeFieldStop();
  assert.throws(() => readBatch(new BinaryReader(w.finish())), /jaeger\.Batch: required field process is not set/);
});

test('list elements of the wrong type are refused', () => {
  const w = new BinaryWriter();
  w.writeFieldBegin(TType.STRUCT, 1);
  w.writeFieldBegin(TType.STRING, 1);
  w.writeString('svc');
  w.writeFieldStop();
  w.writeFieldBegin(TType.LIST, 2);
  w.writeListBegin(TType.I64, 1);
  w.writeI64(1n);
  w.writeFieldStop();
  assert.equal(
    code(() => readBatch(new BinaryReader(w.finish()))),
    'bad_type',
  );
});

test('unknown fields are skipped, nested ones beyond depth 64 are refused', () => {
  const nested = (depth: number, proto: 'binary' | 'compact') => {
    const w = proto === 'binary' ? new BinaryWriter() : new CompactWriter();
    w.structBegin();
    w.writeFieldBegin(TType.STRUCT, 1);
    w.structBegin();
    w.writeFieldBegin(TType.STRING, 1);
    w.writeString('svc');
    for (let i = 0; i < depth; i++) {
      w.writeFieldBegin(TType.STRUCT, 9);
      w.structBegin();
    }
    for (let i = 0; i < depth; i++) {
      w.writeFieldStop();
      w.structEnd();
    }
    w.writeFieldStop();
    w.structEnd();
    w.writeFieldBegin(TType.LIST, 2);
    w.writeListBegin(TType.STRUCT, 0);
    w.writeFieldStop();
    return w.finish();
  };
  assert.equal(readBatch(new BinaryReader(nested(10, 'binary'))).process.serviceName, 'svc');
  assert.equal(readBatch(new CompactReader(nested(10, 'compact'))).process.serviceName, 'svc');
  assert.equal(
    code(() => readBatch(new BinaryReader(nested(MAX_DEPTH + 5, 'binary')))),
    'depth_limit',
  );
  assert.equal(
    code(() => readBatch(new CompactReader(nested(MAX_DEPTH + 5, 'compact')))),
    'depth_limit',
  );
  // 100k nested lists in a few hundred KB: refused at depth 64, no stack overflow.
  const deep = Buffer.alloc(5 * 100_000 + 10);
  deep[0] = TType.LIST;
  deep.writeInt16BE(7, 1);
  for (let i = 0; i < 100_000; i++) {
    deep[3 + i * 5] = TType.LIST;
    deep.writeInt32BE(1, 4 + i * 5);
  }
  assert.equal(
    code(() => readBatch(new BinaryReader(deep))),
    'depth_limit',
  );
});

test('compact: overlong varints, bad protocol ids and unknown methods are refused', () => {
  const overlong = Buffer.from([0x82, 0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  assert.equal(
    code(() => readEmitBatch(new CompactReader(overlong))),
    'bad_varint',
  );
  assert.equal(
    code(() => readEmitBatch(new CompactReader(Buffer.from([0x80, 0x81, 0, 0])))),
    'bad_message',
  );
  const zipkin = new CompactWriter();
  zipkin.writeMessageBegin('emitZipkinBatch', 4, 1);
  assert.throws(() => readEmitBatch(new CompactReader(zipkin.finish())), /unsupported method "emitZipkinBatch"/);
  const tooWide = Buffer.from([0x82, 0x81, 0x01, 0x09, ...Buffer.from('emitBatch'), 0x1c, 0x16, ...Array(11).fill(0xff)]);
  assert.equal(
    code(() => readEmitBatch(new CompactReader(tooWide))),
    'bad_varint',
  );
});

test('binary: a non-strict (old-style) message header is accepted, a bad version is not', () => {
  const body = encodeEmitBatch(BATCH, 'binary');
  // Strict header: version(4) + name len(4) + name(9) + seqid(4). Old style: name len, name, type byte, seqid.
  const old = Buffer.concat([Buffer.from([0, 0, 0, 9]), Buffer.from('emitBatch'), Buffer.from([4, 0, 0, 0, 1]), body.subarray(21)]);
  assert.deepEqual(readEmitBatch(new BinaryReader(old)), BATCH);
  const bad = Buffer.from(body);
  bad[1] = 0x02;
  assert.equal(
    code(() => readEmitBatch(new BinaryReader(bad))),
    'bad_message',
  );
});

for (const [name, seed, decode] of [
  ['binary Batch', encodeBatchBinary(BATCH), (b: Uint8Array) => readBatch(new BinaryReader(b))],
  ['binary emitBatch', encodeEmitBatch(BATCH, 'binary'), (b: Uint8Array) => readEmitBatch(new BinaryReader(b))],
  ['compact emitBatch', encodeEmitBatch(BATCH, 'compact'), (b: Uint8Array) => readEmitBatch(new CompactReader(b))],
] as const) {
  test(`fuzz: ${name} mutations only ever raise ThriftDecodeError`, () => {
    const report = fuzzDecoder({ name, seeds: [seed], decode, expected: isDecodeError, iterations: 3000, timeMs: 2000 });
    assert.ok(report.rejected > 0, 'some inputs were rejected');
  });
}

test('an unknown string field is skipped whole, length prefix and all', () => {
  for (const proto of ['binary', 'compact'] as const) {
    const w = proto === 'binary' ? new BinaryWriter() : new CompactWriter();
    w.structBegin();
    w.writeFieldBegin(TType.STRUCT, 1);
    w.structBegin();
    w.writeFieldBegin(TType.STRING, 9);
    w.writeString('a field this reader does not know');
    w.writeFieldBegin(TType.STRING, 1);
    w.writeString('svc');
    w.writeFieldStop();
    w.structEnd();
    w.writeFieldBegin(TType.LIST, 2);
    w.writeListBegin(TType.STRUCT, 0);
    w.writeFieldStop();
    const b = w.finish();
    assert.equal(readBatch(proto === 'binary' ? new BinaryReader(b) : new CompactReader(b)).process.serviceName, 'svc', proto);
  }
});
