// The worker's side of a single-owner component: in place of the connector or exporter, a
// forwarder that hands each payload to the leader and resolves or rejects with the leader's
// answer, so backpressure and refusals reach the worker's receiver exactly as they would in one
// process (request/response over IPC, matched by id).

import { ConsumerError, type Consumer, type RequestContext } from '../core/consumer.js';
import type { ConnectorFactory, Exporter, ExporterFactory, Connector } from '../core/component.js';
import type { Payload } from '../core/payload.js';
import {
  connectorTarget,
  decodeError,
  encodeContext,
  encodePayload,
  exporterTarget,
  type LeaderMessage,
  type TargetKey,
  type WorkerMessage,
} from './wire.js';

type Send = (msg: WorkerMessage) => void;

/** Forward requests in flight to the leader, each waiting for its answer. */
export class LeaderLink {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private closed: string | undefined;

  constructor(private readonly send: Send) {}

  forward(target: TargetKey, data: Payload, ctx: RequestContext): Promise<void> {
    let payload;
    try {
      payload = encodePayload(data);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.request((id) => ({ otelcol: 'forward', id, target, payload, ctx: encodeContext(ctx) }));
  }

  /** True once the leader is gone: nothing sent from now on can be answered. */
  get isClosed(): boolean {
    return this.closed !== undefined;
  }

  /** Hands a partial aggregation state to the leader's instance (src/workers/partial.ts). */
  merge(target: TargetKey, partial: unknown): Promise<void> {
    return this.request((id) => ({ otelcol: 'merge', id, target, partial }));
  }

  private request(message: (id: number) => WorkerMessage): Promise<void> {
    if (this.closed) return Promise.reject(ConsumerError.retryable(this.closed));
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.send(message(id));
      } catch (err) {
        this.pending.delete(id);
        reject(ConsumerError.retryable(`the leader process cannot be reached: ${(err as Error).message}`));
      }
    });
  }

  /** Settles the request a `forwarded` answer is for. */
  answer(msg: Extract<LeaderMessage, { otelcol: 'forwarded' }>): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.error) p.reject(decodeError(msg.error));
    else p.resolve();
  }

  /** The leader is gone: what waits fails as retryable (the client re-sends), and so does what comes. */
  close(reason: string): void {
    this.closed = reason;
    for (const p of this.pending.values()) p.reject(ConsumerError.retryable(reason));
    this.pending.clear();
  }
}

class Forwarder implements Consumer {
  readonly mutatesData = false;
  private readonly inflight = new Set<Promise<void>>();

  constructor(
    private readonly link: LeaderLink,
    private readonly target: TargetKey,
  ) {}

  consume(data: Payload, ctx: RequestContext): Promise<void> {
    const p = this.link.forward(this.target, data, ctx);
    this.inflight.add(p);
    const done = () => void this.inflight.delete(p);
    p.then(done, done);
    return p;
  }

  async start(): Promise<void> {}

  /** Resolves once every forward has its answer (upstream has flushed by the time this runs). */
  async shutdown(): Promise<void> {
    await Promise.allSettled([...this.inflight]);
  }
}

/** The connector factory a worker builds from: same type and pairs, instances that forward. */
export function forwardingConnectorFactory(real: ConnectorFactory, link: LeaderLink): ConnectorFactory {
  return {
    ...real,
    create(ctx, _cfg, from, to): Connector {
      return new Forwarder(link, connectorTarget(ctx.id, from, to));
    },
  };
}

export function forwardingExporterFactory(real: ExporterFactory, link: LeaderLink): ExporterFactory {
  return {
    ...real,
    create(ctx): Exporter {
      return new Forwarder(link, exporterTarget(ctx.id));
    },
  };
}
