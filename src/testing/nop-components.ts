// Test-only components for graph and lifecycle tests: a receiver tests can push through, a
// processor that can mutate or hold data until shutdown (like batch), an exporter that records,
// and a forwarding connector. They record lifecycle events in one shared journal. Data is real
// pdata made by ./payloads.ts, followed through pipelines by item name.

import { s } from '../core/schema.js';
import type { Consumer, RequestContext } from '../core/consumer.js';
import type { ConnectorFactory, ExporterFactory, ExtensionFactory, ProcessorFactory, ReceiverFactory } from '../core/component.js';
import type { Payload, Signal } from '../core/payload.js';
import { itemNames, renameItems, testPayload } from './payloads.js';

/** Everything the nop components did, in order: `start:exporter:nop/a`, `consume:…`. */
export const journal: string[] = [];
export const receivers = new Map<string, Partial<Record<Signal, Consumer>>>();
export const exported = new Map<string, Payload[]>();

export function resetTestComponents(): void {
  journal.length = 0;
  receivers.clear();
  exported.clear();
}

const ALL = { traces: 'stable', metrics: 'stable', logs: 'stable' } as const;

const nopReceiverFactory: ReceiverFactory = {
  kind: 'receiver',
  type: 'testnop',
  description: 'test receiver',
  testOnly: true,
  stability: ALL,
  config: s.object({ fail_start: s.bool(false) }),
  create(ctx, cfg: { fail_start: boolean }, consumers) {
    return {
      async start() {
        if (cfg.fail_start) throw new Error('refusing to start (fail_start)');
        journal.push(`start:receiver:${ctx.id}`);
        receivers.set(ctx.id, consumers);
      },
      async shutdown() {
        journal.push(`stop:receiver:${ctx.id}`);
        if (receivers.get(ctx.id) === consumers) receivers.delete(ctx.id);
      },
    };
  },
};

const nopProcessorFactory: ProcessorFactory = {
  kind: 'processor',
  type: 'testnop',
  description: 'test processor: tags items with its id; `hold: true` keeps data until shutdown',
  testOnly: true,
  stability: ALL,
  mutatesData: true,
  config: s.object({ hold: s.bool(false) }),
  create(ctx, cfg: { hold: boolean }, _signal, next) {
    const held: Array<[Payload, RequestContext]> = [];
    return {
      mutatesData: true,
      async consume(data: Payload, rctx: RequestContext) {
        renameItems(data, (i) => `${i}>${ctx.id}`);
        if (cfg.hold) held.push([data, rctx]);
        else await next.consume(data, rctx);
      },
      async start() {
        journal.push(`start:processor:${ctx.id}`);
      },
      async shutdown() {
        journal.push(`stop:processor:${ctx.id}`);
        for (const [p, rctx] of held.splice(0)) await next.consume(p, rctx);
      },
    };
  },
};

const nopExporterFactory: ExporterFactory = {
  kind: 'exporter',
  type: 'testnop',
  description: 'test exporter: records what it receives',
  testOnly: true,
  stability: ALL,
  config: s.object({ fail: s.enum(['', 'permanent', 'retryable'] as const, '') }),
  create(ctx) {
    let running = false;
    return {
      mutatesData: false,
      async consume(data: Payload) {
        if (!running) throw new Error(`exporter ${ctx.id} got data while stopped`);
        const list = exported.get(ctx.id) ?? [];
        list.push(data);
        exported.set(ctx.id, list);
      },
      async start() {
        running = true;
        journal.push(`start:exporter:${ctx.id}`);
      },
      async shutdown() {
        running = false;
        journal.push(`stop:exporter:${ctx.id}`);
      },
    };
  },
};

const nopConnectorFactory: ConnectorFactory = {
  kind: 'connector',
  type: 'testnop',
  description: 'test connector: forwards traces→traces, traces→metrics and logs→logs',
  testOnly: true,
  pairs: [
    { from: 'traces', to: 'traces', stability: 'stable' },
    { from: 'traces', to: 'metrics', stability: 'stable' },
    { from: 'logs', to: 'logs', stability: 'stable' },
  ],
  config: s.object({}),
  create(ctx, _cfg, from, to, next) {
    return {
      mutatesData: false,
      async consume(data: Payload, rctx: RequestContext) {
        await next.consume(from === to ? data : testPayload(to, itemNames(data)), rctx);
      },
      async start() {
        journal.push(`start:connector:${ctx.id}:${from}-${to}`);
      },
      async shutdown() {
        journal.push(`stop:connector:${ctx.id}:${from}-${to}`);
      },
    };
  },
};

const nopExtensionFactory: ExtensionFactory = {
  kind: 'extension',
  type: 'testnop',
  description: 'test extension',
  testOnly: true,
  stability: 'stable',
  config: s.object({}),
  create(ctx) {
    return {
      async start() {
        journal.push(`start:extension:${ctx.id}`);
      },
      async shutdown() {
        journal.push(`stop:extension:${ctx.id}`);
      },
    };
  },
};

export const testFactories = [nopReceiverFactory, nopProcessorFactory, nopExporterFactory, nopConnectorFactory, nopExtensionFactory];
