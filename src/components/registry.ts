// The one table of component types. Adding a component is its folder plus one line here.

import type { AnyFactory, ComponentKind } from '../core/component.js';
import { debugExporterFactory } from './exporters/debug/factory.js';
import { fileExporterFactory } from './exporters/file/factory.js';
import { loggingExporterFactory } from './exporters/logging/factory.js';
import { otlpExporterFactory } from './exporters/otlp/factory.js';
import { otlpHttpExporterFactory } from './exporters/otlphttp/factory.js';
import { nopExporterFactory } from './exporters/nop/factory.js';
import { lokiExporterFactory } from './exporters/loki/factory.js';
import { prometheusExporterFactory } from './exporters/prometheus/factory.js';
import { otlpReceiverFactory } from './receivers/otlp/factory.js';
import { nopReceiverFactory } from './receivers/nop/factory.js';
import { jaegerReceiverFactory } from './receivers/jaeger/factory.js';
import { fluentForwardReceiverFactory } from './receivers/fluentforward/factory.js';
import { lokiReceiverFactory } from './receivers/loki/factory.js';
import { batchProcessorFactory } from './processors/batch/factory.js';
import { attributesProcessorFactory } from './processors/attributes/factory.js';
import { resourceProcessorFactory } from './processors/resource/factory.js';
import { filterProcessorFactory } from './processors/filter/factory.js';
import { basicAuthFactory } from './extensions/basicauth/factory.js';
import { bearerTokenAuthFactory } from './extensions/bearertokenauth/factory.js';
import { healthCheckFactory } from './extensions/health_check/factory.js';
import { pprofFactory } from './extensions/pprof/factory.js';
import { zpagesFactory } from './extensions/zpages/factory.js';
import { countConnectorFactory } from './connectors/count/factory.js';

const FACTORIES: AnyFactory[] = [
  // receivers
  nopReceiverFactory,
  otlpReceiverFactory,
  jaegerReceiverFactory,
  fluentForwardReceiverFactory,
  lokiReceiverFactory,
  // processors
  attributesProcessorFactory,
  batchProcessorFactory,
  filterProcessorFactory,
  resourceProcessorFactory,
  // exporters
  debugExporterFactory,
  fileExporterFactory,
  loggingExporterFactory,
  lokiExporterFactory,
  nopExporterFactory,
  otlpExporterFactory,
  otlpHttpExporterFactory,
  prometheusExporterFactory,
  // connectors
  countConnectorFactory,
  // extensions
  basicAuthFactory,
  bearerTokenAuthFactory,
  healthCheckFactory,
  pprofFactory,
  zpagesFactory,
];

interface Resolved<F extends AnyFactory = AnyFactory> {
  factory: F;
  /** Set when the ID used a deprecated alias: the name it used. */
  deprecatedName?: string;
  aliasMessage?: string;
}

export class Registry {
  private readonly byKind = new Map<ComponentKind, Map<string, Resolved>>();

  constructor(readonly factories: readonly AnyFactory[]) {
    for (const f of factories) {
      const table = this.table(f.kind);
      if (table.has(f.type)) throw new Error(`duplicate ${f.kind} type "${f.type}" in the registry`);
      table.set(f.type, { factory: f });
      for (const a of f.aliases ?? []) {
        if (table.has(a.name)) throw new Error(`duplicate ${f.kind} type "${a.name}" in the registry`);
        table.set(a.name, { factory: f, deprecatedName: a.deprecated ? a.name : undefined, aliasMessage: a.message });
      }
    }
  }

  private table(kind: ComponentKind): Map<string, Resolved> {
    let t = this.byKind.get(kind);
    if (!t) this.byKind.set(kind, (t = new Map()));
    return t;
  }

  resolve(kind: ComponentKind, type: string): Resolved | undefined {
    return this.byKind.get(kind)?.get(type);
  }

  /** Every name that resolves for a kind, sorted: what an unknown-type error lists. */
  names(kind: ComponentKind): string[] {
    return [...(this.byKind.get(kind)?.keys() ?? [])].sort();
  }

  /** Public factories (no test-only ones), for `components` and the README. */
  list(kind?: ComponentKind): AnyFactory[] {
    return this.factories.filter((f) => !f.testOnly && (!kind || f.kind === kind));
  }

  /** A registry with extra factories (tests add nop components this way). */
  with(extra: readonly AnyFactory[]): Registry {
    return new Registry([...this.factories, ...extra]);
  }
}

export const registry = new Registry(FACTORIES);

/**
 * The registry a process uses: the public table, plus the test-only nop components when
 * OTELCOL_TS_TEST_COMPONENTS=1 (so process-level tests can build graphs without backends).
 */
export async function registryFor(env: NodeJS.ProcessEnv): Promise<Registry> {
  if (env.OTELCOL_TS_TEST_COMPONENTS !== '1') return registry;
  const { testFactories } = await import('../testing/nop-components.js');
  return registry.with(testFactories);
}
