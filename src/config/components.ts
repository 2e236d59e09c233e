// The component sections (receivers, processors, exporters, connectors, extensions): each ID is
// parsed, its type resolved in the registry (importing only the factories the config names), and the user's map decoded over the factory defaults
// (core `otelcol/internal/configunmarshaler/configs.go`), then the factory's own validate() runs.

import type { Registry } from '../components/registry.js';
import type { ComponentKind } from '../core/component.js';
import { Expanded, YamlFloat, type DecodeContext } from '../core/schema.js';
import { parseComponentId } from './ids.js';
import type { ProblemCollector } from './problems.js';
import type { ComponentConfig } from './resolved.js';
import { isPlainMap } from './yaml.js';

function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (v instanceof YamlFloat) return 'float64';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'object') return 'map';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

export function plain(v: unknown): unknown {
  return v instanceof Expanded ? v.value : v;
}

interface SectionResult {
  configs: Map<string, ComponentConfig>;
  /** Every syntactically valid ID, even when its type or config failed: such IDs are "configured". */
  declared: Set<string>;
}

interface SectionContext {
  registry: Registry;
  problems: ProblemCollector;
  decode: DecodeContext;
  warnings: string[];
}

function unknownType(kind: ComponentKind, type: string, id: string, registry: Registry): string {
  // core configs.go errorUnknownType: the removed `logging` exporter gets its own message.
  if (kind === 'exporter' && type === 'logging') return 'the logging exporter has been deprecated, use the debug exporter instead';
  return `unknown type: ${JSON.stringify(type)} for id: ${JSON.stringify(id)} (valid values: [${registry.names(kind).join(' ')}])`;
}

function aliasWarning(alias: string, type: string, message?: string): string {
  return message ?? `"${alias}" is a deprecated alias of "${type}"; use "${type}" instead`;
}

export async function decodeSection(section: string, kind: ComponentKind, raw: unknown, ctx: SectionContext): Promise<SectionResult> {
  const out: SectionResult = { configs: new Map(), declared: new Set() };
  const value = plain(raw);
  if (value === null || value === undefined) return out;
  if (!isPlainMap(value)) {
    ctx.problems.add([section], `'${section}' expected a map, got '${kindOf(value)}'`);
    return out;
  }
  // The registry imports a factory module on first resolve: start every one the section names at once.
  const lookups = new Map<string, ReturnType<Registry['resolve']>>();
  for (const key of Object.keys(value)) {
    const parsed = parseComponentId(key);
    if (parsed.ok && !lookups.has(parsed.type)) lookups.set(parsed.type, ctx.registry.resolve(kind, parsed.type));
  }
  await Promise.all(lookups.values());
  for (const [key, userCfg] of Object.entries(value)) {
    const parsed = parseComponentId(key);
    if (!parsed.ok) {
      ctx.problems.add([section, key], parsed.error);
      continue;
    }
    const { id, type, name } = parsed;
    if (out.declared.has(id)) {
      ctx.problems.add([section, key], `duplicate ID ${JSON.stringify(id)}`);
      continue;
    }
    out.declared.add(id);
    const resolved = await lookups.get(type);
    if (!resolved) {
      ctx.problems.add([section, key], unknownType(kind, type, id, ctx.registry));
      continue;
    }
    const { factory } = resolved;
    if (resolved.deprecatedName) {
      const w = aliasWarning(resolved.deprecatedName, factory.type, resolved.aliasMessage);
      if (!ctx.warnings.includes(w)) ctx.warnings.push(w);
    }
    const path = [section, id];
    const before = ctx.decode.issues.length;
    const hadExpansionProblem = ctx.problems.hasUnder([section, key]);
    const cfg = factory.config.decode(userCfg, path, ctx.decode);
    const issues = ctx.decode.issues.slice(before);
    for (const issue of issues) {
      // A value that failed to expand was already reported; its decode error would only repeat it.
      if (hadExpansionProblem && ctx.problems.hasUnder(issue.path)) continue;
      ctx.problems.add(issue.path, issue.message);
    }
    if (!issues.length && !hadExpansionProblem && factory.validate) {
      for (const issue of factory.validate(cfg)) ctx.problems.add([...path, ...issue.path], issue.message);
    }
    const cc: ComponentConfig = { id, type, name, kind, factory, cfg };
    if (resolved.deprecatedName) cc.deprecatedName = resolved.deprecatedName;
    if (resolved.aliasMessage) cc.aliasMessage = resolved.aliasMessage;
    out.configs.set(id, cc);
  }
  return out;
}
