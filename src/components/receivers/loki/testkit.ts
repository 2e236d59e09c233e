// Test support: a loki receiver built from a user config the way the service builds it, on
// free loopback ports, feeding a RecordingConsumer; and readers for what it produced.

import { buildReceiver, type BuiltReceiver } from '../../../testing/components.js';
import { testHost } from '../../../testing/host.js';
import type { RecordingConsumer } from '../../../testing/sink.js';
import { getAttribute, type LogRecord, type Logs } from '../../../pdata/index.js';
import { lokiReceiverFactory } from './factory.js';
import type { LokiReceiver } from './loki.js';
import { PUSH_PATH } from './http.js';

interface StartedLoki extends BuiltReceiver<LokiReceiver> {
  /** `http://127.0.0.1:<port>` (no path). */
  base: string;
  /** The full push URL. */
  pushUrl: string;
  /** `127.0.0.1:<port>` of the gRPC server. */
  grpc: string;
  sink: RecordingConsumer;
  stop(): Promise<void>;
}

/** Starts `loki` with both protocols on free ports; `extra` is merged into the config. */
export async function startLoki(
  extra: { http?: Record<string, unknown> | null; grpc?: Record<string, unknown> | null; use_incoming_timestamp?: boolean } = {},
): Promise<StartedLoki> {
  const protocols: Record<string, unknown> = {};
  if (extra.http !== null) protocols.http = { endpoint: '127.0.0.1:0', ...extra.http };
  if (extra.grpc !== null) protocols.grpc = { endpoint: '127.0.0.1:0', ...extra.grpc };
  const input: Record<string, unknown> = { protocols };
  if (extra.use_incoming_timestamp !== undefined) input.use_incoming_timestamp = extra.use_incoming_timestamp;
  const built = buildReceiver(lokiReceiverFactory, input, ['logs']) as BuiltReceiver<LokiReceiver>;
  await built.receiver.start(testHost());
  const [first, second] = built.receiver.addresses;
  const httpAddr = extra.http !== null ? first! : '';
  const grpcAddr = extra.http !== null ? (second ?? '') : first!;
  return {
    ...built,
    base: `http://${httpAddr}`,
    pushUrl: `http://${httpAddr}${PUSH_PATH}`,
    grpc: grpcAddr,
    sink: built.consumers.logs!,
    stop: () => built.receiver.shutdown(),
  };
}

interface SimpleRecord {
  body: unknown;
  attributes: Record<string, unknown>;
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
}

/** Every record the sink received, in order, flattened. */
export function records(sink: RecordingConsumer): SimpleRecord[] {
  const out: SimpleRecord[] = [];
  for (const p of sink.payloads) {
    for (const rl of (p as Logs).resourceLogs) {
      for (const sl of rl.scopeLogs) {
        for (const lr of sl.logRecords) out.push(simple(lr));
      }
    }
  }
  return out;
}

function simple(lr: LogRecord): SimpleRecord {
  const attributes: Record<string, unknown> = {};
  for (const kv of lr.attributes) attributes[kv.key] = getAttribute(lr.attributes, kv.key);
  return { body: lr.body, attributes, timeUnixNano: lr.timeUnixNano, observedTimeUnixNano: lr.observedTimeUnixNano };
}
