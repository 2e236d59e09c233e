// Our mapping against what the Go collector (v0.130.0) produced from the same bytes
// (testdata/golden/, recorded by record-golden.ts): every record, field by field, attribute types
// included. Go iterates nested msgpack maps as Go maps (random order), so nested kvlists are
// compared with sorted keys; top-level attribute order is Go's (wire order) and compared as is.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEFAULT_FORWARD_LIMITS, decodeForwardEvent, ForwardDecodeError, ForwardFramer, FrameList } from '../../../shared/codec/forward/index.js';
import type { ForwardEvent } from '../../../shared/codec/forward/index.js';
import type { LogRecord } from '../../../pdata/logs.js';
import { fuzzDecoder } from '../../../testing/fuzz.js';
import { map } from '../../../shared/codec/forward/testkit.js';
import { dockerMessage, GOLDEN_CASES } from './golden-inputs.js';
import { decodeMessageFast } from './message-fast.js';
import { appendEventRecords, decodeFrameRecords, eventsToLogs, recordsToLogs } from './translate.js';

const GOLDEN = fileURLToPath(new URL('../../../../src/components/receivers/fluentforward/testdata/golden/', import.meta.url));

type Json = Record<string, unknown>;

function sortNested(v: unknown, nested: boolean): unknown {
  if (Array.isArray(v)) return v.map((x) => sortNested(x, nested));
  if (v && typeof v === 'object') {
    const o = v as Json;
    const out: Json = {};
    for (const k of Object.keys(o).sort()) {
      if (k === 'kvlistValue') {
        const values = ((o[k] as Json).values as Json[] | undefined) ?? [];
        out[k] = { values: values.map((x) => sortNested(x, true)).sort((a, b) => String((a as Json).key).localeCompare(String((b as Json).key))) };
      } else out[k] = sortNested(o[k], nested);
    }
    return out;
  }
  return v;
}

/** Go prints empty trace/span ids and an empty body; ours omits them. Everything else must match. */
function records(doc: Json): Json[] {
  const out: Json[] = [];
  for (const rl of (doc.resourceLogs as Json[]) ?? []) {
    assert.deepEqual(Object.keys((rl.resource as Json) ?? {}), [], 'empty resource');
    for (const sl of (rl.scopeLogs as Json[]) ?? []) {
      assert.deepEqual(Object.keys((sl.scope as Json) ?? {}), [], 'empty scope');
      for (const r of (sl.logRecords as Json[]) ?? []) {
        const c: Json = { ...r };
        if (c.traceId === '') delete c.traceId;
        if (c.spanId === '') delete c.spanId;
        // Go's LogRecord.Body is a non-nullable AnyValue, so its JSON (and protobuf) carries an
        // empty body as `{}`; ours omits it. Both decode to an empty body.
        if (c.body && typeof c.body === 'object' && Object.keys(c.body).length === 0) delete c.body;
        out.push(sortNested(c, false) as Json);
      }
    }
  }
  return out;
}

function decodeStream(bytes: Buffer, chunkSize: number): ForwardEvent[] {
  const framer = new ForwardFramer();
  const events: ForwardEvent[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) {
    for (const f of framer.push(bytes.subarray(i, i + chunkSize))) events.push(decodeForwardEvent(f, 0, f.length));
  }
  assert.equal(framer.buffered, 0, 'no bytes left over');
  return events;
}

const cases = readdirSync(GOLDEN)
  .filter((f) => f.endsWith('.msgpack'))
  .map((f) => f.slice(0, -'.msgpack'.length));

test('golden cases exist', () => assert.ok(cases.length >= 5, cases.join(',')));

for (const name of cases) {
  test(`golden ${name}: ours equals Go's, whatever the segmenting`, () => {
    const bytes = readFileSync(`${GOLDEN}${name}.msgpack`);
    const want = records(JSON.parse(readFileSync(`${GOLDEN}${name}.otlp.json`, 'utf8')) as Json);
    for (const chunk of [bytes.length, 1, 7, 64]) {
      const got = records(JSON.parse(eventsToLogs(decodeStream(bytes, chunk)).toJSON()) as Json);
      assert.equal(got.length, want.length, `${name} (chunks of ${chunk}): record count`);
      for (let i = 0; i < want.length; i++) assert.deepEqual(got[i], want[i], `${name} (chunks of ${chunk}): record ${i}`);
    }
  });
}

/** What connection.ts makes of a byte stream: framed by ranges, each frame through decodeFrameRecords. */
function receiverRecords(bytes: Buffer, chunkSize: number): LogRecord[] {
  const framer = new ForwardFramer();
  const frames = new FrameList();
  const out: LogRecord[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) {
    framer.pushRanges(bytes.subarray(i, i + chunkSize), frames);
    for (let k = 0; k < frames.length; k++) decodeFrameRecords(frames.bufs[k]!, frames.starts[k]!, frames.ends[k]!, DEFAULT_FORWARD_LIMITS, out, []);
  }
  return out;
}

for (const name of cases) {
  test(`golden ${name}: the receiver's read path (dockerd fast path included) equals Go's`, () => {
    const bytes = readFileSync(`${GOLDEN}${name}.msgpack`);
    const want = records(JSON.parse(readFileSync(`${GOLDEN}${name}.otlp.json`, 'utf8')) as Json);
    for (const chunk of [bytes.length, 5, 64]) {
      const got = records(JSON.parse(recordsToLogs(receiverRecords(bytes, chunk)).toJSON()) as Json);
      assert.deepEqual(got, want, `${name} (chunks of ${chunk})`);
    }
  });
}

/** The fast path's record for one frame, or undefined when it leaves the frame to the general decoder. */
function fastRecord(frame: Buffer): LogRecord | undefined {
  const out: LogRecord[] = [];
  return decodeMessageFast(frame, 0, frame.length, DEFAULT_FORWARD_LIMITS, out) ? out[0] : undefined;
}

function generalRecords(frame: Buffer): LogRecord[] {
  const out: LogRecord[] = [];
  appendEventRecords(decodeForwardEvent(frame, 0, frame.length), out);
  return out;
}

test('dockerd fast path: takes the docker frames and gives what the general decoder gives', () => {
  // Plus a repeated key (first position, last value) and a record key `fluent.tag` (wins over the tag).
  const docker = [
    ...GOLDEN_CASES.docker!,
    dockerMessage('dup', 1_700_000_000, 'stdout', [
      ['source', 'again'],
      ['fluent.tag', 'mine'],
      ['message', { nil: true }],
    ]),
  ];
  for (const frame of docker) {
    const fast = fastRecord(frame);
    assert.ok(fast, 'a dockerd Message-mode frame takes the fast path');
    assert.deepEqual(fast, generalRecords(frame)[0]);
  }
  // Shapes it leaves to the general decoder: a chunk to ack, a float, a nested map, a bin key.
  const left = [
    Buffer.concat([dockerMessage('x').subarray(0, -1), Buffer.from([0x81, 0xa5, ...Buffer.from('chunk'), 0xa1, 0x61])]),
    dockerMessage('x', 1_700_000_000, 'stdout', [['f', { f64: 1.5 }]]),
    dockerMessage('x', 1_700_000_000, 'stdout', [['m', map({ a: 'b' })]]),
  ];
  for (const frame of left) assert.equal(fastRecord(frame), undefined);
  assert.equal(generalRecords(left[0]!).length, 1, 'the general decoder takes it');
});

test('dockerd fast path fuzzed: it never throws, and whatever it takes equals the general decoder', () => {
  const seeds = [
    ...GOLDEN_CASES.docker!,
    dockerMessage('a "quoted" & <line>', 1_700_000_000, 'stderr', [
      ['n', 5],
      ['ok', { bool: true }],
      ['nil', { nil: true }],
    ]),
  ];
  const report = fuzzDecoder({
    name: 'fluentforward message fast path',
    seeds,
    decode: (b) => {
      const buf = Buffer.from(b);
      const fast = fastRecord(buf);
      if (fast === undefined) return generalRecords(buf); // may throw ForwardDecodeError: expected
      assert.deepEqual(fast, generalRecords(buf)[0]);
      return fast;
    },
    expected: (err) => err instanceof ForwardDecodeError,
    iterations: 4000,
    timeMs: 2000,
  });
  assert.ok(report !== undefined);
});
