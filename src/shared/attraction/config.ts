// The `actions` list shared by the attributes and resource processors: schema, and compilation
// with Go's checks and messages (contrib internal/coreinternal/attraction/attraction.go, v0.130.0,
// NewAttrProc). Go stops at the first bad action; we report every one, each at its own path.

import { s, type ConfigIssue } from '../../core/schema.js';
import type { AnyValue } from '../../pdata/common.js';
import { GoRegexp } from '../regex/regex.js';
import { configValueToAnyValue, type ConvertTarget } from './values.js';

export const actionSchema = s.object({
  key: s.string().doc('attribute to act on (required except for delete/hash with pattern)'),
  value: s.any(undefined).keepKinds().doc('value for insert/update/upsert; its YAML type is kept'),
  pattern: s.string().doc('regex: keys to delete/hash, or the extract rule with named groups'),
  from_attribute: s.string().doc('take the value from this attribute'),
  from_context: s.string().doc('take the value from the request: metadata.<key>, auth.<attr>, client.address'),
  converted_type: s.string().doc('convert: int | double | string'),
  action: s.string().doc('insert | update | upsert | delete | hash | extract | convert (any case)'),
});

export type ActionConfig = ReturnType<typeof actionSchema.defaultValue>;

export type ActionKind = 'insert' | 'update' | 'upsert' | 'delete' | 'hash' | 'extract' | 'convert';

export interface CompiledAction {
  kind: ActionKind;
  key: string;
  /** insert/update/upsert with a literal value. */
  value?: AnyValue;
  hasValue: boolean;
  fromAttribute: string;
  fromContext: string;
  regex?: GoRegexp;
  /** extract: attribute names by group index (index 0 unused). */
  groupNames?: readonly string[];
  convertTo?: ConvertTarget;
}

const KINDS = new Set<ActionKind>(['insert', 'update', 'upsert', 'delete', 'hash', 'extract', 'convert']);

export function compileActions(actions: readonly ActionConfig[], base: string[] = ['actions']): { actions: CompiledAction[]; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const out: CompiledAction[] = [];
  actions.forEach((a, i) => {
    const r = compileAction(a, i);
    if (typeof r === 'string') issues.push({ path: [...base, String(i)], message: r });
    else if ('patternError' in r) issues.push({ path: [...base, String(i), 'pattern'], message: r.patternError });
    else out.push(r);
  });
  return { actions: out, issues };
}

function compileRegex(pattern: string, i: number): GoRegexp | { patternError: string } {
  try {
    return GoRegexp.compile(pattern);
  } catch (err) {
    return {
      patternError: `error creating AttrProc. Field "pattern" has invalid pattern: "${pattern}" to be set at the ${i}-th actions (${(err as Error).message})`,
    };
  }
}

function compileAction(a: ActionConfig, i: number): CompiledAction | string | { patternError: string } {
  const kind = a.action.toLowerCase() as ActionKind;
  const hasValue = a.value !== undefined && a.value !== null;
  if (kind === 'delete' || kind === 'hash') {
    if (a.key === '' && a.pattern === '') {
      return `error creating AttrProc due to missing required field (at least one of "key" and "pattern" have to be used) at the ${i}-th actions`;
    }
  } else if (a.key === '') {
    return `error creating AttrProc due to missing required field "key" at the ${i}-th actions`;
  }
  if (!KINDS.has(kind)) return `error creating AttrProc due to unsupported action ${JSON.stringify(kind)} at the ${i}-th actions`;
  const sources = (hasValue ? 1 : 0) + (a.from_attribute !== '' ? 1 : 0) + (a.from_context !== '' ? 1 : 0);
  const c: CompiledAction = { kind, key: a.key, hasValue: false, fromAttribute: '', fromContext: '' };
  const noConvertedType = `error creating AttrProc. Action "${kind}" does not use the "converted_type" field. This must not be specified for ${i}-th action`;
  switch (kind) {
    case 'insert':
    case 'update':
    case 'upsert':
      if (sources === 0)
        return `error creating AttrProc. Either field "value", "from_attribute" or "from_context" setting must be specified for ${i}-th action`;
      if (sources > 1) return `error creating AttrProc due to multiple value sources being set at the ${i}-th actions`;
      if (a.pattern !== '')
        return `error creating AttrProc. Action "${kind}" does not use the "pattern" field. This must not be specified for ${i}-th action`;
      if (a.converted_type !== '') return noConvertedType;
      if (hasValue) {
        c.hasValue = true;
        c.value = configValueToAnyValue(a.value, true);
      } else {
        c.fromAttribute = a.from_attribute;
        c.fromContext = a.from_context;
      }
      return c;
    case 'delete':
    case 'hash': {
      if (hasValue || a.from_attribute !== '') {
        return `error creating AttrProc. Action "${kind}" does not use "value" or "from_attribute" field. These must not be specified for ${i}-th action`;
      }
      if (a.pattern !== '') {
        const re = compileRegex(a.pattern, i);
        if (!(re instanceof GoRegexp)) return re;
        c.regex = re;
      }
      if (a.converted_type !== '') return noConvertedType;
      return c;
    }
    case 'extract': {
      if (sources > 0)
        return `error creating AttrProc. Action "${kind}" does not use a value source field. These must not be specified for ${i}-th action`;
      if (a.pattern === '') return `error creating AttrProc due to missing required field "pattern" for action "${kind}" at the ${i}-th action`;
      if (a.converted_type !== '') return noConvertedType;
      const re = compileRegex(a.pattern, i);
      if (!(re instanceof GoRegexp)) return re;
      const names = re.subexpNames;
      if (names.length <= 1)
        return { patternError: `error creating AttrProc. Field "pattern" contains no named matcher groups at the ${i}-th actions` };
      if (names.slice(1).some((n) => n === '')) {
        return { patternError: `error creating AttrProc. Field "pattern" contains at least one unnamed matcher group at the ${i}-th actions` };
      }
      c.regex = re;
      c.groupNames = names;
      return c;
    }
    case 'convert':
      if (sources > 0 || a.pattern !== '') {
        return `error creating AttrProc. Action "${kind}" does not use value sources or "pattern" field. These must not be specified for ${i}-th action`;
      }
      if (a.converted_type === '')
        return `error creating AttrProc due to missing required field "converted_type" for action "${kind}" at the ${i}-th action`;
      if (a.converted_type !== 'int' && a.converted_type !== 'double' && a.converted_type !== 'string') {
        return `error creating AttrProc due to invalid value "${a.converted_type}" in field "converted_type" for action "${kind}" at the ${i}-th action`;
      }
      c.convertTo = a.converted_type;
      return c;
  }
}

/** Issues found when a component is created (after validation passed) as one startup error. */
export function configError(id: string, issues: readonly ConfigIssue[]): Error {
  return new Error(`${id}: ${issues.map((i) => (i.path.length ? `${i.path.join('::')}: ${i.message}` : i.message)).join('; ')}`);
}
