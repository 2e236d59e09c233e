// The one table of component types. Adding a component is its folder plus one row here.
//
// The table is lazy: a row names the kind, type and aliases, and a loader for the factory module.
// Only the factories a config names are imported (config decoding), so a collector running
// otlp → batch → otlp does not load the jaeger thrift codec, re2js or the fluent forward decoder;
// importing every factory eagerly cost ~200 ms of every start (issue 13). Listing commands
// (`components`, the README table) load them all.

import type { AnyFactory, ComponentKind } from '../core/component.js';

type TypeAlias = NonNullable<AnyFactory['aliases']>[number];

/** One registered type. `load` imports the factory module; the factory is found among its exports by kind and type. */
export interface ComponentRow {
  kind: ComponentKind;
  type: string;
  /** Other names that resolve to this type; a deprecated one logs a warning at startup. */
  aliases?: TypeAlias[];
  load: () => Promise<Record<string, unknown>>;
  testOnly?: boolean;
}

const ROWS: ComponentRow[] = [
  // receivers
  { kind: 'receiver', type: 'nop', load: () => import('./receivers/nop/factory.js') },
  { kind: 'receiver', type: 'otlp', load: () => import('./receivers/otlp/factory.js') },
  { kind: 'receiver', type: 'jaeger', load: () => import('./receivers/jaeger/factory.js') },
  {
    kind: 'receiver',
    type: 'fluentforward',
    aliases: [{ name: 'fluent_forward', deprecated: false }],
    load: () => import('./receivers/fluentforward/factory.js'),
  },
  { kind: 'receiver', type: 'loki', load: () => import('./receivers/loki/factory.js') },
  { kind: 'receiver', type: 'prometheus', load: () => import('./receivers/prometheus/factory.js') },
  { kind: 'receiver', type: 'prometheusremotewrite', load: () => import('./receivers/prometheusremotewrite/factory.js') },
  // processors
  { kind: 'processor', type: 'attributes', load: () => import('./processors/attributes/factory.js') },
  { kind: 'processor', type: 'batch', load: () => import('./processors/batch/factory.js') },
  { kind: 'processor', type: 'filter', load: () => import('./processors/filter/factory.js') },
  { kind: 'processor', type: 'resource', load: () => import('./processors/resource/factory.js') },
  // exporters
  { kind: 'exporter', type: 'debug', load: () => import('./exporters/debug/factory.js') },
  { kind: 'exporter', type: 'file', load: () => import('./exporters/file/factory.js') },
  { kind: 'exporter', type: 'logging', load: () => import('./exporters/logging/factory.js') },
  { kind: 'exporter', type: 'loki', load: () => import('./exporters/loki/factory.js') },
  { kind: 'exporter', type: 'nop', load: () => import('./exporters/nop/factory.js') },
  { kind: 'exporter', type: 'otlp', aliases: [{ name: 'otlp_grpc', deprecated: false }], load: () => import('./exporters/otlp/factory.js') },
  { kind: 'exporter', type: 'otlphttp', aliases: [{ name: 'otlp_http', deprecated: false }], load: () => import('./exporters/otlphttp/factory.js') },
  { kind: 'exporter', type: 'prometheus', load: () => import('./exporters/prometheus/factory.js') },
  { kind: 'exporter', type: 'prometheusremotewrite', load: () => import('./exporters/prometheusremotewrite/factory.js') },
  // connectors
  { kind: 'connector', type: 'count', load: () => import('./connectors/count/factory.js') },
  {
    kind: 'connector',
    type: 'spanmetrics',
    aliases: [{ name: 'span_metrics', deprecated: false }],
    load: () => import('./connectors/spanmetrics/factory.js'),
  },
  // extensions
  { kind: 'extension', type: 'basicauth', load: () => import('./extensions/basicauth/factory.js') },
  { kind: 'extension', type: 'bearertokenauth', load: () => import('./extensions/bearertokenauth/factory.js') },
  { kind: 'extension', type: 'health_check', load: () => import('./extensions/health_check/factory.js') },
  { kind: 'extension', type: 'pprof', load: () => import('./extensions/pprof/factory.js') },
  { kind: 'extension', type: 'zpages', load: () => import('./extensions/zpages/factory.js') },
];

export interface Resolved<F extends AnyFactory = AnyFactory> {
  factory: F;
  /** Set when the ID used a deprecated alias: the name it used. */
  deprecatedName?: string;
  aliasMessage?: string;
}

interface Entry {
  row: ComponentRow;
  alias?: TypeAlias;
}

/** A factory given directly (tests) becomes a row whose loader returns it. */
function rowOf(e: ComponentRow | AnyFactory): ComponentRow {
  if ('load' in e) return e;
  const row: ComponentRow = { kind: e.kind, type: e.type, load: async () => ({ factory: e }) };
  if (e.aliases) row.aliases = e.aliases;
  if (e.testOnly) row.testOnly = true;
  return row;
}

function isFactory(v: unknown): v is AnyFactory {
  return typeof v === 'object' && v !== null && 'kind' in v && 'type' in v && 'create' in v;
}

export class Registry {
  readonly rows: readonly ComponentRow[];
  private readonly byKind = new Map<ComponentKind, Map<string, Entry>>();
  private readonly loaded = new Map<ComponentRow, Promise<AnyFactory>>();

  constructor(entries: ReadonlyArray<ComponentRow | AnyFactory>) {
    this.rows = entries.map(rowOf);
    for (const row of this.rows) {
      const table = this.table(row.kind);
      if (table.has(row.type)) throw new Error(`duplicate ${row.kind} type "${row.type}" in the registry`);
      table.set(row.type, { row });
      for (const alias of row.aliases ?? []) {
        if (table.has(alias.name)) throw new Error(`duplicate ${row.kind} type "${alias.name}" in the registry`);
        table.set(alias.name, { row, alias });
      }
    }
  }

  private table(kind: ComponentKind): Map<string, Entry> {
    let t = this.byKind.get(kind);
    if (!t) this.byKind.set(kind, (t = new Map()));
    return t;
  }

  /** Imports the row's factory module once; a module without the row's factory is a wiring bug. */
  private load(row: ComponentRow): Promise<AnyFactory> {
    let p = this.loaded.get(row);
    if (!p) {
      p = row.load().then((mod) => {
        const f = Object.values(mod).find((v): v is AnyFactory => isFactory(v) && v.kind === row.kind && v.type === row.type);
        if (!f) throw new Error(`the registry's ${row.kind} row "${row.type}" loads a module without that factory`);
        return f;
      });
      this.loaded.set(row, p);
    }
    return p;
  }

  /** The factory a kind and type (or alias) name, importing its module; undefined for an unknown type. */
  async resolve(kind: ComponentKind, type: string): Promise<Resolved | undefined> {
    const entry = this.byKind.get(kind)?.get(type);
    if (!entry) return undefined;
    const r: Resolved = { factory: await this.load(entry.row) };
    if (entry.alias?.deprecated) r.deprecatedName = entry.alias.name;
    if (entry.alias?.message) r.aliasMessage = entry.alias.message;
    return r;
  }

  /** Every name that resolves for a kind, sorted, from the table alone: what an unknown-type error lists. */
  names(kind: ComponentKind): string[] {
    return [...(this.byKind.get(kind)?.keys() ?? [])].sort();
  }

  /** Public factories (no test-only ones), for `components` and the README: imports every module. */
  list(kind?: ComponentKind): Promise<AnyFactory[]> {
    return Promise.all(this.rows.filter((r) => !r.testOnly && (!kind || r.kind === kind)).map((r) => this.load(r)));
  }

  /** A registry with extra rows or factories (tests add nop components this way). */
  with(extra: ReadonlyArray<ComponentRow | AnyFactory>): Registry {
    return new Registry([...this.rows, ...extra]);
  }
}

export const registry = new Registry(ROWS);

/**
 * The registry a process uses: the public table, plus the test-only nop components when
 * OTELCOL_TS_TEST_COMPONENTS=1 (so process-level tests can build graphs without backends).
 */
export async function registryFor(env: NodeJS.ProcessEnv): Promise<Registry> {
  if (env.OTELCOL_TS_TEST_COMPONENTS !== '1') return registry;
  const { testFactories } = await import('../testing/nop-components.js');
  return registry.with(testFactories);
}
