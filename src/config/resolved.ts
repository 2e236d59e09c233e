// The loaded configuration: every component's decoded config, the service section, and what
// print-config shows (defaults filled in, durations in Go spelling, secrets redacted on request).

import type { AnyFactory, ComponentKind } from '../core/component.js';
import type { Signal } from '../core/payload.js';
import { telemetrySchema, type TelemetryConfig } from '../telemetry/config.js';
import { REDACTED } from '../core/schema.js';
import { KEY_DELIMITER, isPlainMap, setKey } from './yaml.js';

export interface ComponentConfig {
  /** `type[/name]` as written (parts trimmed). */
  id: string;
  /** The type part of the ID as written; may be a deprecated alias of `factory.type`. */
  type: string;
  name: string;
  kind: ComponentKind;
  factory: AnyFactory;
  // The decoded config's type is the factory's own, erased in this list of every kind and type;
  // each factory's create() receives it back as its declared config type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  cfg: any;
  /** Set when the ID used a deprecated alias: the alias it used. */
  deprecatedName?: string;
  aliasMessage?: string;
}

export interface PipelineConfig {
  id: string;
  signal: Signal;
  receivers: string[];
  processors: string[];
  exporters: string[];
}

export interface ServiceConfig {
  extensions: string[];
  pipelines: PipelineConfig[];
  telemetry: TelemetryConfig;
}

export const COMPONENT_SECTIONS = [
  ['receivers', 'receiver'],
  ['processors', 'processor'],
  ['exporters', 'exporter'],
  ['connectors', 'connector'],
  ['extensions', 'extension'],
] as const satisfies ReadonlyArray<readonly [string, ComponentKind]>;

export type SectionName = (typeof COMPONENT_SECTIONS)[number][0];

/** Encoders may hand back the decoded objects themselves; redaction must never reach those. */
function copyTree(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyTree);
  if (isPlainMap(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) setKey(out, k, copyTree(x));
    return out;
  }
  return v;
}

/** Replaces the value at a `::` path with the redaction marker, when it holds something. */
function redactAt(root: Record<string, unknown>, path: string): void {
  const segs = path.split(KEY_DELIMITER);
  let cur: unknown = root;
  for (let i = 0; i < segs.length - 1; i++) {
    if (Array.isArray(cur)) cur = cur[Number(segs[i])];
    else if (isPlainMap(cur)) cur = Object.prototype.hasOwnProperty.call(cur, segs[i]!) ? cur[segs[i]!] : undefined;
    else return;
  }
  const last = segs[segs.length - 1]!;
  if (Array.isArray(cur)) {
    const i = Number(last);
    if (Number.isInteger(i) && cur[i] !== undefined && cur[i] !== null && cur[i] !== '') cur[i] = REDACTED;
  } else if (isPlainMap(cur) && Object.prototype.hasOwnProperty.call(cur, last)) {
    const v = cur[last];
    if (v !== undefined && v !== null && v !== '') setKey(cur, last, REDACTED);
  }
}

export class ResolvedConfig {
  constructor(
    readonly receivers: Map<string, ComponentConfig>,
    readonly processors: Map<string, ComponentConfig>,
    readonly exporters: Map<string, ComponentConfig>,
    readonly connectors: Map<string, ComponentConfig>,
    readonly extensions: Map<string, ComponentConfig>,
    readonly service: ServiceConfig,
    /** `::`-joined paths of secret values (from the environment, files, or declared `.secret()`). */
    readonly secrets: Set<string>,
    readonly warnings: string[],
    /** The config sources in merge order. */
    readonly sources: string[],
  ) {}

  /** The effective config, defaults included; secrets become `[REDACTED]` when `redact`. */
  printable(redact: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name] of COMPONENT_SECTIONS) {
      const map = this[name];
      if (!map.size) continue;
      const sec: Record<string, unknown> = {};
      for (const [id, cc] of map) sec[id] = cc.factory.config.encode(cc.cfg, redact);
      out[name] = sec;
    }
    const pipelines: Record<string, unknown> = {};
    for (const p of this.service.pipelines) {
      pipelines[p.id] = { receivers: [...p.receivers], processors: [...p.processors], exporters: [...p.exporters] };
    }
    out.service = {
      extensions: [...this.service.extensions],
      pipelines,
      telemetry: telemetrySchema.encode(this.service.telemetry, redact),
    };
    const copy = copyTree(out) as Record<string, unknown>;
    if (redact) for (const path of this.secrets) redactAt(copy, path);
    return copy;
  }
}
