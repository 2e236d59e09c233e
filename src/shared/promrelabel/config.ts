// relabel_configs / metric_relabel_configs entries, parsed from the loaded YAML and validated with
// Prometheus's rules and messages (model/relabel/relabel.go: Config.UnmarshalYAML, Validate,
// Action.UnmarshalYAML; common/model LabelName.UnmarshalYAML). Prometheus loads its file with
// yaml.UnmarshalStrict, so an unknown key is an error too ("field X not found in type relabel.plain").
//
// Regexes are anchored as `^(?s:…)$`: Prometheus 3.x, which the Go collector's prometheus receiver
// embeds (2.x used `^(?:…)$`; the two differ only for label values holding a newline).

import { GoRegexp, RegexSyntaxError } from '../regex/regex.js';
import { parseTemplate, templateHasVariable, type TemplatePart } from './expand.js';

export type RelabelAction =
  'replace' | 'keep' | 'drop' | 'keepequal' | 'dropequal' | 'hashmod' | 'labelmap' | 'labeldrop' | 'labelkeep' | 'lowercase' | 'uppercase';

const ACTIONS: ReadonlySet<string> = new Set<RelabelAction>([
  'replace',
  'keep',
  'drop',
  'keepequal',
  'dropequal',
  'hashmod',
  'labelmap',
  'labeldrop',
  'labelkeep',
  'lowercase',
  'uppercase',
]);

const FIELDS: ReadonlySet<string> = new Set(['source_labels', 'separator', 'regex', 'modulus', 'target_label', 'replacement', 'action']);

export const DEFAULT_SEPARATOR = ';';
export const DEFAULT_REGEX = '(.*)';
export const DEFAULT_REPLACEMENT = '$1';

/** A validated rule, with its regex compiled and its templates parsed once. */
export interface RelabelRule {
  readonly action: RelabelAction;
  readonly sourceLabels: readonly string[];
  readonly separator: string;
  /** The pattern as written (unanchored). */
  readonly regexSource: string;
  /** True when `regex` was not given: Prometheus's fast path and field checks compare with the default object. */
  readonly regexIsDefault: boolean;
  readonly regex: GoRegexp;
  readonly modulus: bigint;
  readonly targetLabel: string;
  readonly replacement: string;
  readonly targetTemplate: readonly TemplatePart[];
  readonly replacementTemplate: readonly TemplatePart[];
}

export class RelabelConfigError extends Error {
  constructor(
    message: string,
    /** Index of the rule in its list, and the key within it when known. */
    readonly path: (string | number)[],
  ) {
    super(message);
    this.name = 'RelabelConfigError';
  }
}

const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// model/relabel/relabel.go relabelTargetLegacy: a target that may hold `$1`/`${name}` variables.
const RELABEL_TARGET = /^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$/;

/** common/model LabelName.IsValid under the legacy (Prometheus 2.x) scheme. */
export function isValidLabelName(name: string): boolean {
  return LEGACY_LABEL_NAME.test(name);
}

export function anchoredRegex(pattern: string): GoRegexp {
  return GoRegexp.compile(`^(?s:${pattern})$`);
}

let defaultRegex: GoRegexp | undefined;

/** Scalars as yaml.v2 decodes them into a Go string: numbers and booleans by their text. */
function scalarString(v: unknown, key: string, path: (string | number)[]): string {
  const u = unwrap(v);
  if (typeof u === 'string') return u;
  if (typeof u === 'number' || typeof u === 'boolean' || typeof u === 'bigint') return String(u);
  throw new RelabelConfigError(`cannot unmarshal ${describe(u)} into ${key} (a string)`, [...path, key]);
}

/** The config loader's markers (`Expanded`, `YamlFloat`) carry `raw`/`value`; relabel fields want the text. */
function unwrap(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as { raw?: unknown; value?: unknown };
    if (typeof o.raw === 'string') return o.raw;
    if ('value' in o && Object.keys(o).length <= 3 && typeof o.value === 'number') return o.value;
  }
  return v;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v)}`;
}

/** Parses one entry (a YAML mapping). Throws RelabelConfigError with Prometheus's message. */
export function parseRelabelRule(raw: unknown, path: (string | number)[] = []): RelabelRule {
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new RelabelConfigError(`a relabel config must be a mapping, got ${describe(raw)}`, path);
  const o = raw as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!FIELDS.has(key)) throw new RelabelConfigError(`field ${key} not found in type relabel.plain`, [...path, key]);
  }
  const has = (k: string): boolean => o[k] !== undefined && o[k] !== null;

  let action: RelabelAction = 'replace';
  if (has('action')) {
    const a = scalarString(o.action, 'action', path);
    const lower = a.toLowerCase();
    if (!ACTIONS.has(lower)) throw new RelabelConfigError(`unknown relabel action ${goQuote(a)}`, [...path, 'action']);
    action = lower as RelabelAction;
  }

  let sourceLabels: string[] = [];
  let sourceLabelsSet = false;
  if (has('source_labels')) {
    const list = unwrap(o.source_labels);
    if (!Array.isArray(list))
      throw new RelabelConfigError(`cannot unmarshal ${describe(list)} into source_labels (a list of label names)`, [...path, 'source_labels']);
    sourceLabelsSet = true;
    sourceLabels = list.map((v, i) => {
      const name = scalarString(v, 'source_labels', path);
      if (!isValidLabelName(name)) throw new RelabelConfigError(`${goQuote(name)} is not a valid label name`, [...path, 'source_labels', i]);
      return name;
    });
  }

  const separator = has('separator') ? scalarString(o.separator, 'separator', path) : DEFAULT_SEPARATOR;
  const targetLabel = has('target_label') ? scalarString(o.target_label, 'target_label', path) : '';
  const replacement = has('replacement') ? scalarString(o.replacement, 'replacement', path) : DEFAULT_REPLACEMENT;

  let modulus = 0n;
  if (has('modulus')) {
    const m = unwrap(o.modulus);
    const text = typeof m === 'string' ? m.trim() : typeof m === 'number' || typeof m === 'bigint' ? String(m) : '';
    if (!/^\d+$/.test(text) || BigInt(text) > 0xffffffffffffffffn) {
      throw new RelabelConfigError(`cannot unmarshal ${describe(m)} into modulus (an unsigned 64-bit integer)`, [...path, 'modulus']);
    }
    modulus = BigInt(text);
  }

  const regexIsDefault = !has('regex');
  const regexSource = regexIsDefault ? DEFAULT_REGEX : scalarString(o.regex, 'regex', path);
  let regex: GoRegexp;
  try {
    regex = regexIsDefault ? (defaultRegex ??= anchoredRegex(DEFAULT_REGEX)) : anchoredRegex(regexSource);
  } catch (err) {
    // Prometheus reports the anchored pattern it compiled, as Go's regexp does.
    const msg = err instanceof RegexSyntaxError ? err.message : String(err);
    throw new RelabelConfigError(msg, [...path, 'regex']);
  }

  validate({ action, modulus, targetLabel, replacement, separator, regexIsDefault, sourceLabelsSet }, path);

  return {
    action,
    sourceLabels,
    separator,
    regexSource,
    regexIsDefault,
    regex,
    modulus,
    targetLabel,
    replacement,
    targetTemplate: parseTemplate(targetLabel),
    replacementTemplate: parseTemplate(replacement),
  };
}

interface Checked {
  action: RelabelAction;
  modulus: bigint;
  targetLabel: string;
  replacement: string;
  separator: string;
  regexIsDefault: boolean;
  sourceLabelsSet: boolean;
}

// The order of the checks is Prometheus's: the first failing one is the message users see.
function validate(c: Checked, path: (string | number)[]): void {
  const fail = (msg: string): never => {
    throw new RelabelConfigError(msg, path);
  };
  const a = c.action;
  if (c.modulus === 0n && a === 'hashmod') fail('relabel configuration for hashmod requires non-zero modulus');
  const needsTarget = a === 'replace' || a === 'hashmod' || a === 'lowercase' || a === 'uppercase' || a === 'keepequal' || a === 'dropequal';
  if (needsTarget && c.targetLabel === '') fail(`relabel configuration for ${a} action requires 'target_label' value`);
  const templated = templateHasVariable(c.targetLabel);
  if (a === 'replace' && !templated && !isValidLabelName(c.targetLabel)) fail(`${goQuote(c.targetLabel)} is invalid 'target_label' for ${a} action`);
  if (a === 'replace' && templated && !RELABEL_TARGET.test(c.targetLabel))
    fail(`${goQuote(c.targetLabel)} is invalid 'target_label' for ${a} action`);
  const caseOrEqual = a === 'lowercase' || a === 'uppercase' || a === 'keepequal' || a === 'dropequal';
  if (caseOrEqual && !isValidLabelName(c.targetLabel)) fail(`${goQuote(c.targetLabel)} is invalid 'target_label' for ${a} action`);
  if (caseOrEqual && c.replacement !== DEFAULT_REPLACEMENT) fail(`'replacement' can not be set for ${a} action`);
  if (a === 'labelmap' && !RELABEL_TARGET.test(c.replacement)) fail(`${goQuote(c.replacement)} is invalid 'replacement' for ${a} action`);
  if (a === 'hashmod' && !isValidLabelName(c.targetLabel)) fail(`${goQuote(c.targetLabel)} is invalid 'target_label' for ${a} action`);
  if (a === 'keepequal' || a === 'dropequal') {
    if (!c.regexIsDefault || c.modulus !== 0n || c.separator !== DEFAULT_SEPARATOR || c.replacement !== DEFAULT_REPLACEMENT) {
      fail(`${a} action requires only 'source_labels' and \`target_label\`, and no other fields`);
    }
  }
  if (a === 'labeldrop' || a === 'labelkeep') {
    if (c.sourceLabelsSet || c.targetLabel !== '' || c.modulus !== 0n || c.separator !== DEFAULT_SEPARATOR || c.replacement !== DEFAULT_REPLACEMENT) {
      fail(`${a} action requires only 'regex', and no other fields`);
    }
  }
}

/** A list of rules (`relabel_configs`); the first invalid entry throws, as Prometheus stops there. */
export function parseRelabelRules(raw: unknown, path: (string | number)[] = []): RelabelRule[] {
  if (raw === null || raw === undefined) return [];
  const list = unwrap(raw);
  if (!Array.isArray(list)) throw new RelabelConfigError(`cannot unmarshal ${describe(list)} into a list of relabel configs`, path);
  return list.map((entry, i) => parseRelabelRule(entry, [...path, i]));
}

/** Go's %q for the strings that appear in these messages. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}
