// The leader's side of a single-owner component: the real connector or exporter, built by the
// leader's graph like any other, and listed here while it runs so the workers' forwards reach
// it. Listing on start and unlisting on shutdown means a forward that arrives while the leader
// starts, reloads or stops is refused as retryable (the client re-sends) rather than handed to
// an instance that is not running.

import { ConsumerError, type Consumer, type RequestContext } from '../core/consumer.js';
import type { Connector, ConnectorFactory, Exporter, ExporterFactory, Host } from '../core/component.js';
import type { Payload } from '../core/payload.js';
import { isPartialMerger } from '../core/partial.js';
import { connectorTarget, decodeContext, decodePayload, exporterTarget, type TargetKey, type WireContext, type WirePayload } from './wire.js';

type Instance = Connector | Exporter;

export class OwnedComponents {
  private readonly running = new Map<TargetKey, Consumer>();

  /** Hands a forwarded payload to the running instance; rejects as that instance does. */
  dispatch(target: TargetKey, payload: WirePayload, ctx: WireContext): Promise<void> {
    const instance = this.running.get(target);
    if (!instance) {
      const [kind, id] = target.split('|');
      return Promise.reject(ConsumerError.retryable(`${kind} "${id}" is not running in the leader process (starting, reloading or stopping)`));
    }
    let data: Payload;
    try {
      data = decodePayload(payload);
    } catch (err) {
      return Promise.reject(ConsumerError.permanent(`forwarded ${payload.signal} payload is malformed: ${(err as Error).message}`, err));
    }
    return instance.consume(data, decodeContext(ctx));
  }

  /** Hands a worker's partial aggregation state to the running instance's merge(). */
  merge(target: TargetKey, partial: unknown): Promise<void> {
    const instance = this.running.get(target);
    if (!instance) {
      const [kind, id] = target.split('|');
      return Promise.reject(ConsumerError.retryable(`${kind} "${id}" is not running in the leader process (starting, reloading or stopping)`));
    }
    if (!isPartialMerger(instance)) return Promise.reject(ConsumerError.permanent(`${target} cannot merge partial aggregation states`));
    try {
      return Promise.resolve(instance.merge(partial));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Keys of the instances running now (tests, logs). */
  keys(): TargetKey[] {
    return [...this.running.keys()];
  }

  wrapConnector(real: ConnectorFactory): ConnectorFactory {
    return {
      ...real,
      create: (ctx, cfg, from, to, next) => this.listed(connectorTarget(ctx.id, from, to), real.create(ctx, cfg, from, to, next)),
    };
  }

  wrapExporter(real: ExporterFactory): ExporterFactory {
    return {
      ...real,
      create: (ctx, cfg, signals) => this.listed(exporterTarget(ctx.id), real.create(ctx, cfg, signals)),
    };
  }

  private listed<T extends Instance>(key: TargetKey, inner: T): T {
    const running = this.running;
    const wrapper: Instance = {
      get mutatesData() {
        return inner.mutatesData;
      },
      consume: (data: Payload, ctx: RequestContext) => inner.consume(data, ctx),
      async start(host: Host) {
        await inner.start(host);
        running.set(key, inner);
      },
      async shutdown() {
        if (running.get(key) === inner) running.delete(key);
        await inner.shutdown();
      },
    };
    return wrapper as T;
  }
}
