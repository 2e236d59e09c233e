import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { PdataDecodeError } from '../../../pdata/errors.js';
import { Logs } from '../../../pdata/logs.js';
import { Metrics } from '../../../pdata/metrics.js';
import { Traces } from '../../../pdata/traces.js';
import { fuzzDecoder } from '../../../testing/fuzz.js';
import { TESTDATA } from './golden-cases.js';
import { DATA_POINTS, LOG_RECORDS, METRIC_DATA, METRICS, SPAN_EVENTS, SPANS, scanResources } from './scan.js';

const input = (name: string) => readFileSync(`${TESTDATA}inputs/${name}.json`, 'utf8');

// Payloads that skipped the receivers' validation (built elsewhere in a pipeline) reach the scan
// too: malformed bytes must fail with PdataDecodeError, never hang or throw anything else.
test('scanResources on mutated requests throws only PdataDecodeError', () => {
  const cases = [
    { name: 'count-scan-traces', seed: Traces.fromJSON(input('traces')).toProto(), levels: [SPANS, SPAN_EVENTS] },
    { name: 'count-scan-logs', seed: Logs.fromJSON(input('logs')).toProto(), levels: [LOG_RECORDS] },
    { name: 'count-scan-metrics', seed: Metrics.fromJSON(input('metrics')).toProto(), levels: [METRICS, DATA_POINTS, METRIC_DATA] },
  ];
  for (const c of cases) {
    fuzzDecoder({
      name: c.name,
      seeds: [new Uint8Array(c.seed)],
      decode: (b) => scanResources(Buffer.from(b.buffer, b.byteOffset, b.byteLength), c.levels),
      expected: (err) => err instanceof PdataDecodeError,
    });
  }
});
