// Our mapping against what the Go collector (v0.130.0) produced from the same bytes
// (testdata/golden/, recorded by record-golden.ts): every record, field by field, attribute types
// included. Go iterates nested msgpack maps as Go maps (random order), so nested kvlists are
// compared with sorted keys; top-level attribute order is Go's (wire order) and compared as is.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeForwardEvent, ForwardFramer } from '../../../shared/codec/forward/index.js';
import type { ForwardEvent } from '../../../shared/codec/forward/index.js';
import { eventsToLogs } from './translate.js';

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
