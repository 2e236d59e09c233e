// `otelcol-ts components`: every type with its signals, stability and aliases, as YAML like Go's.

import { stringify } from 'yaml';
import type { Registry } from '../components/registry.js';
import type { AnyFactory, ComponentKind } from '../core/component.js';
import { buildInfo } from '../service/version.js';

const SECTIONS: Array<[ComponentKind, string]> = [
  ['receiver', 'receivers'],
  ['processor', 'processors'],
  ['exporter', 'exporters'],
  ['connector', 'connectors'],
  ['extension', 'extensions'],
];

function describeFactory(f: AnyFactory): Record<string, unknown> {
  const entry: Record<string, unknown> = { name: f.type };
  if (f.kind === 'connector') {
    entry.stability = Object.fromEntries(f.pairs.map((p) => [`${p.from}-to-${p.to}`, p.stability]));
  } else if (f.kind === 'extension') {
    entry.stability = { extension: f.stability };
  } else {
    entry.stability = { ...f.stability };
  }
  if (f.aliases?.length) entry.aliases = f.aliases.map((a) => (a.deprecated ? `${a.name} (deprecated)` : a.name));
  entry.description = f.description;
  return entry;
}

export async function listComponents(registry: Registry): Promise<string> {
  const b = buildInfo();
  const doc: Record<string, unknown> = { buildinfo: { command: b.command, description: b.description, version: b.version } };
  for (const [kind, key] of SECTIONS) {
    doc[key] = (await registry.list(kind)).sort((a, z) => a.type.localeCompare(z.type)).map(describeFactory);
  }
  return stringify(doc);
}
