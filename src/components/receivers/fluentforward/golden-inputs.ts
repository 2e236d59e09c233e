// The inputs recorded through the Go collector (record-golden.ts) into testdata/golden/. Each case
// is the byte stream of one TCP connection; every frame is something the Go receiver (v0.130.0)
// accepts, so Go's output is the reference for ours.

import { gzipSync } from 'node:zlib';
import { arr, encodeMp, eventTime, map, str, type Mp } from '../../../shared/codec/forward/testkit.js';

const CONTAINER_ID = 'ce13c9c828f4b7a3d3c1e0f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f';
const TAG = CONTAINER_ID.slice(0, 12);

/** dockerd's fluentd driver record (moby daemon/logger/fluentd via fluent-logger-golang). */
function dockerRecord(line: string, source = 'stdout', extra: Array<[string, Mp]> = []): Mp {
  return map([['container_id', CONTAINER_ID], ['container_name', '/prometheus'], ['source', source], ['log', line], ...extra]);
}

/** [tag, seconds, record, {}]: Message mode exactly as dockerd sends it (no sub-second precision). */
export function dockerMessage(line: string, sec = 1_700_000_000, source = 'stdout', extra: Array<[string, Mp]> = []): Buffer {
  return encodeMp(arr(TAG, sec, dockerRecord(line, source, extra), map([])));
}

function journald(unit: string, message: string): Mp {
  return map([
    ['_HOSTNAME', 'pve'],
    ['PRIORITY', '6'],
    ['SYSLOG_IDENTIFIER', unit.replace(/\.service$/, '')],
    ['_SYSTEMD_UNIT', unit],
    ['_PID', '1234'],
    ['MESSAGE', message],
  ]);
}

const entry = (t: Mp, record: Mp): Mp => arr(t, record);
const packedEntries = (): Buffer =>
  Buffer.concat([
    encodeMp(entry(eventTime(1_700_000_100, 5), journald('sshd.service', 'Accepted publickey for root'))),
    encodeMp(entry(1_700_000_101, map({ log: 'packed second', n: 2 }))),
  ]);

export const GOLDEN_CASES: Record<string, Buffer[]> = {
  // Four stdout/stderr lines and a line dockerd split at 16 KiB (its partial_* fields).
  docker: [
    dockerMessage('level=info msg="Server is ready to receive web requests."'),
    dockerMessage('ts=2023-06-15T10:00:00Z caller=main.go:1 level=warn msg="disk full"', 1_700_000_001, 'stderr'),
    dockerMessage('{"json":"inside","n":1}', 1_700_000_002),
    dockerMessage('part one of a long line', 1_700_000_003, 'stdout', [
      ['partial_message', 'true'],
      ['partial_id', 'b2f7e0a1c3d4'],
      ['partial_ordinal', '1'],
      ['partial_last', 'false'],
    ]),
    dockerMessage('', 1_700_000_004),
  ],
  // Message mode with 3 elements, EventTime, and every value type the Go mapping distinguishes.
  message_types: [
    encodeMp(
      arr(
        'app.types',
        eventTime(1_700_000_010, 123_456_789),
        map([
          ['message', 'the body'],
          ['int', 42],
          ['neg', -7],
          ['big_neg', { i64: -9_000_000_000n }],
          ['u64_small', { u64: 5n }],
          ['u64_huge', { u64: 18_000_000_000_000_000_000n }],
          ['f32', { f32: 1.5 }],
          ['f64', { f64: 0.1 }],
          ['f64_whole', { f64: 2 }],
          ['yes', { bool: true }],
          ['no', { bool: false }],
          ['nothing', { nil: true }],
          ['bin_value', { bin: 'bytes as string' }],
          ['nested_array', arr(1, 'two', { f64: 3.5 }, arr({ bool: true }), map({ deep: 'x' }))],
          [
            'nested_map',
            map([
              ['a', 1],
              ['b', map([['c', { bin: 'bin in map' }]])],
            ]),
          ],
          ['unicode', 'grüße 🚀'],
          ['ext7', { ext: 7, data: new Uint8Array([1, 2, 3]) }],
        ]),
      ),
    ),
    // A bin key, a repeated key, `log` and `message` both (the last wins), a nil body later.
    encodeMp({
      arr: [
        str('app.keys'),
        1_700_000_011,
        {
          map: [
            [{ bin: 'bin_key' }, 'v1'],
            [str('dup'), 'first'],
            [str('log'), 'from log'],
            [str('other'), 1],
            [str('dup'), 'second'],
            [str('message'), 'from message'],
            [str('log'), { nil: true }],
          ],
        },
      ],
    }),
    // A record key `fluent.tag` in Message mode (Go puts the tag first, so the record's wins).
    encodeMp(arr('app.tagkey', 1_700_000_012, map({ 'fluent.tag': 'from record', log: 1 }), map({ other_option: 'x' }))),
    // The body keeps its type: a map body, and a number body.
    encodeMp(arr('app.bodies', 1_700_000_013, map({ log: map({ k: 'v', n: 1 }) }))),
    encodeMp(arr('app.bodies', { u64: 1_700_000_014n }, map({ message: { f64: 12.25 } }))),
  ],
  // fluent-bit out_forward: Forward mode, EventTime, journald fields, no options.
  forward_fluent_bit: [
    encodeMp(
      arr(
        'journal.docker-events.service',
        arr(
          entry(
            eventTime(1_700_000_020, 500_000_000),
            journald('docker-events.service', '{"Action":"start","Actor":{"Attributes":{"name":"prometheus"}}}'),
          ),
          entry(eventTime(1_700_000_021, 0), journald('docker-events.service', 'second entry')),
        ),
      ),
    ),
    // Forward mode with options and a record key `fluent.tag` (the tag comes after, and wins).
    encodeMp(
      arr('journal.sshd.service', arr(entry(1_700_000_022, map({ 'fluent.tag': 'from record', MESSAGE: 'x' }))), map({ chunk: 'Y2h1bmstMQ==' })),
    ),
    // An empty entries array: no records.
    encodeMp(arr('journal.empty', arr())),
  ],
  packed_forward: [
    encodeMp(arr('packed.str', { strBytes: packedEntries() })),
    encodeMp(arr('packed.bin.opts', { bin: packedEntries() }, map({ chunk: 'cGFja2Vk', size: 2 }))),
    encodeMp(arr('packed.gzip', { bin: gzipSync(packedEntries()) }, map({ chunk: 'Z3ppcA==', size: 2, compressed: 'gzip' }))),
  ],
  // Integer seconds around the edges: 0, and a negative time (Go wraps it as uint64 nanoseconds).
  times: [encodeMp(arr('times', 0, map({ log: 'epoch' }))), encodeMp(arr('times', -5, map({ log: 'before epoch' })))],
};

/** Log records Go should emit for a case (frames × entries), to know when recording is done. */
export const GOLDEN_RECORD_COUNTS: Record<string, number> = {
  docker: 5,
  message_types: 5,
  forward_fluent_bit: 3,
  packed_forward: 6,
  times: 2,
};
