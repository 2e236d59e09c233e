// What leader and workers say to each other over the cluster IPC channel (`serialization:
// 'advanced'`, so Buffers cross as bytes, not as JSON arrays): the messages, and the encoding of
// the three things a forwarded consume() carries — the payload (its OTLP protobuf bytes), the
// request context, and the refusal that comes back.

import { ConsumerError, type ConsumerErrorKind, type RequestContext } from '../core/consumer.js';
import type { Payload, Signal } from '../core/payload.js';
import { Logs, Metrics, Traces } from '../pdata/index.js';
import type { MetricsSnapshot } from '../telemetry/snapshot.js';

/** Names a single-owner instance in the leader: `connector|id|from|to` or `exporter|id`. */
export type TargetKey = string;

export function connectorTarget(id: string, from: Signal, to: Signal): TargetKey {
  return `connector|${id}|${from}|${to}`;
}

export function exporterTarget(id: string): TargetKey {
  return `exporter|${id}`;
}

export interface WirePayload {
  signal: Signal;
  proto: Uint8Array;
}

export interface WireContext {
  metadata?: Array<[string, string[]]>;
  auth?: Record<string, unknown>;
  clientAddress?: string;
}

export interface WireError {
  message: string;
  /** Set when the refusal was a ConsumerError, so the worker's receiver answers the same status. */
  kind?: ConsumerErrorKind;
  retryAfterMs?: number;
}

export type WorkerMessage =
  | { otelcol: 'ready' }
  | { otelcol: 'start-failed'; message: string }
  | { otelcol: 'forward'; id: number; target: TargetKey; payload: WirePayload; ctx: WireContext }
  /** A partial aggregation state for a connector that opted in (src/core/partial.ts); answered by `forwarded`. */
  | { otelcol: 'merge'; id: number; target: TargetKey; partial: unknown }
  | { otelcol: 'snapshot'; req?: number; snapshot: MetricsSnapshot }
  | { otelcol: 'reloaded'; req: number; ok: boolean };

export type LeaderMessage =
  | { otelcol: 'forwarded'; id: number; error?: WireError }
  | { otelcol: 'snapshot-request'; req: number }
  | { otelcol: 'reload'; req: number }
  | { otelcol: 'stop' };

/** Our messages, told apart from anything else on the channel. */
export function isOurs<T extends { otelcol: string }>(msg: unknown): msg is T {
  return typeof msg === 'object' && msg !== null && typeof (msg as { otelcol?: unknown }).otelcol === 'string';
}

const DECODERS: Record<Signal, (bytes: Uint8Array) => Payload> = {
  traces: (b) => Traces.fromProto(b),
  metrics: (b) => Metrics.fromProto(b),
  logs: (b) => Logs.fromProto(b),
};

/** The payload's Export*ServiceRequest bytes (pass-through payloads hand over the bytes they hold). */
export function encodePayload(p: Payload): WirePayload {
  return { signal: p.signal, proto: p.toProto() };
}

export function decodePayload(w: WirePayload): Payload {
  return DECODERS[w.signal](w.proto);
}

export function encodeContext(ctx: RequestContext): WireContext {
  const out: WireContext = {};
  if (ctx.metadata?.size) out.metadata = [...ctx.metadata].map(([k, v]) => [k, [...v]]);
  if (ctx.clientAddress !== undefined) out.clientAddress = ctx.clientAddress;
  if (ctx.auth) {
    // Authenticators put plain facts here (subject, claims); anything that is not data (a
    // function, a socket) cannot cross a process boundary and is left behind.
    try {
      out.auth = JSON.parse(JSON.stringify(ctx.auth)) as Record<string, unknown>;
    } catch {
      // left out
    }
  }
  return out;
}

export function decodeContext(w: WireContext): RequestContext {
  const ctx: { metadata?: Map<string, string[]>; auth?: Record<string, unknown>; clientAddress?: string } = {};
  if (w.metadata) ctx.metadata = new Map(w.metadata);
  if (w.auth) ctx.auth = w.auth;
  if (w.clientAddress !== undefined) ctx.clientAddress = w.clientAddress;
  return ctx;
}

export function encodeError(err: unknown): WireError {
  if (err instanceof ConsumerError) return { message: err.message, kind: err.kind, retryAfterMs: err.retryAfterMs };
  return { message: err instanceof Error ? err.message : String(err) };
}

export function decodeError(w: WireError): Error {
  return w.kind ? new ConsumerError(w.message, w.kind, w.retryAfterMs) : new Error(w.message);
}
