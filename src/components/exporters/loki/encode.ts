// OTLP logs → Loki push streams, per tenant: the v0.130 loki exporter's translation (contrib
// pkg/translator/loki/{logs_to_loki.go,convert.go,encode.go,utils.go}), pure and synchronous.
//
// Per record, as Go does:
// 1. tenant: the `loki.tenant` hint (resource first, then record) names the attribute whose
//    string value is the tenant (resource first, then record);
// 2. unless `default_labels_enabled.level` is false and when SeverityNumber is set, `level`
//    (INFO, WARN2, …) is put as an attribute (unless one exists) and appended to the
//    `loki.attribute.labels` hint (a string hint gets ",level", a slice hint an element; a hint
//    of another type is left alone, so `level` then stays in the line);
// 3. format: the `loki.format` hint (resource first), json by default;
// 4. labels: exporter="OTLP", job (service.namespace/service.name), instance
//    (service.instance.id), then the resource hint (on the resource or the record) naming
//    resource attributes, then the record hint naming record attributes (later wins); names are
//    trimmed, split on ',' (a slice hint: one name per element), looked up directly or as a path
//    through nested maps (`a.b`), valued with AsString;
// 5. the four hint attributes and every attribute whose key is a label name (before
//    normalisation) are left out of the line, on the record and on the resource;
// 6. label names normalised (labels.ts); records with the same label set share a stream,
//    entries in record order (Go does not sort them by time).
// A record Go cannot encode (NaN/±Inf in JSON, an empty logfmt key, an unknown format) is
// dropped and counted; the others are still sent.

import {
  KeyValue,
  KeyValueList,
  idToHex,
  isEmptyId,
  severityNumberToText,
  type AnyValue,
  type InstrumentationScope,
  type LogRecord,
  type ResourceLogs,
} from '../../../pdata/index.js';
import { anyValueToString } from '../../../pdata/value-string.js';
import { EntryWriter, PushBuilder } from '../../../shared/codec/loki/push-builder.js';
import { decodePushRequest } from '../../../shared/codec/loki/push-decode.js';
import type { LokiStream } from '../../../shared/codec/loki/push-model.js';
import { MapBytesCache, scopeJson, writeJsonLine } from './json-line.js';
import { goSprintV, goTrimSpace, labelSetString, normalizeLabelName } from './labels.js';
import { goPrintFloat, marshalLogfmt, parseLogfmtLine, type LogfmtPair, type LogfmtValue } from './logfmt.js';

const HINT_ATTRIBUTES = 'loki.attribute.labels';
const HINT_RESOURCES = 'loki.resource.labels';
const HINT_TENANT = 'loki.tenant';
const HINT_FORMAT = 'loki.format';

/** `default_labels_enabled`: a label is on unless its key is present and false. */
type DefaultLabelsEnabled = Readonly<Record<string, boolean>>;

const isOn = (d: DefaultLabelsEnabled, key: string) => d[key] !== false;

/**
 * Go's model.LabelSet before normalisation (raw names, later writes win), as two small arrays:
 * one scratch instance is reused for every record (no Map per record; a record has a handful of
 * labels, so linear lookups are the fast ones).
 */
class LabelList {
  names: string[] = [];
  values: string[] = [];

  reset(): void {
    this.names.length = 0;
    this.values.length = 0;
  }

  set(name: string, value: string): void {
    const i = this.names.indexOf(name);
    if (i === -1) {
      this.names.push(name);
      this.values.push(value);
    } else this.values[i] = value;
  }

  has(name: string): boolean {
    return this.names.indexOf(name) !== -1;
  }
}

const scratchLabels = new LabelList();

function findValue(attrs: readonly KeyValue[], key: string): AnyValue | undefined {
  for (let i = 0; i < attrs.length; i++) if (attrs[i]!.key === key) return attrs[i]!.value;
  return undefined;
}

/** Value.Str(): the string, or "" for any other type. */
const str = (v: AnyValue | undefined): string => (typeof v === 'string' ? v : '');

/** getAttribute in convert.go: direct key, else the longest dotted prefix that is a map. */
function lookup(attrs: readonly KeyValue[], name: string): AnyValue | undefined {
  const direct = findValue(attrs, name);
  if (direct !== undefined) return direct;
  const segments = name.split('.');
  for (let i = 0; i < segments.length - 1; i++) {
    const cut = segments.length - i - 1;
    const left = lookup(attrs, segments.slice(0, cut).join('.'));
    if (left instanceof KeyValueList) return lookup(left.values, segments.slice(cut).join('.'));
  }
  return undefined;
}

// Hints are the same few strings on every record (the attributes processor inserts them).
const parsedHints = new Map<string, string[]>();
const CACHE_MAX = 1024;

function hintNames(hint: AnyValue): string[] {
  if (typeof hint === 'string') {
    let names = parsedHints.get(hint);
    if (names === undefined) {
      names = hint.split(',').map(goTrimSpace);
      if (parsedHints.size >= CACHE_MAX) parsedHints.clear();
      parsedHints.set(hint, names);
    }
    return names;
  }
  if (Array.isArray(hint)) return hint.map((v) => goTrimSpace(goSprintV(v)));
  return [goTrimSpace(anyValueToString(hint))];
}

function addHintLabels(out: LabelList, attrs: readonly KeyValue[], hint: AnyValue): void {
  for (const name of hintNames(hint)) {
    const v = lookup(attrs, name);
    if (v !== undefined) out.set(name, anyValueToString(v));
  }
}

/** Step 2: the record's attributes with `level` and its hint added (a copy; the input is shared). */
function withLevel(attrs: readonly KeyValue[], severityNumber: number): KeyValue[] {
  const out = attrs.slice();
  const hintAt = out.findIndex((kv) => kv.key === HINT_ATTRIBUTES);
  if (hintAt === -1) out.push(new KeyValue(HINT_ATTRIBUTES, 'level'));
  else {
    const hint = out[hintAt]!.value;
    if (typeof hint === 'string') out[hintAt] = new KeyValue(HINT_ATTRIBUTES, `${hint},level`);
    else if (Array.isArray(hint)) out[hintAt] = new KeyValue(HINT_ATTRIBUTES, [...hint, 'level']);
  }
  if (findValue(out, 'level') === undefined) {
    // plog.SeverityNumber.String() upper-cased; numbers outside the enum map to "".
    const text = severityNumberToText(severityNumber);
    out.push(new KeyValue('level', severityNumber === 0 || text === '' ? '' : text.toUpperCase()));
  }
  return out;
}

const isHintKey = (k: string) => k === HINT_ATTRIBUTES || k === HINT_RESOURCES || k === HINT_TENANT || k === HINT_FORMAT;

const text = (s: string): LogfmtValue => ({ kind: 'text', s });
const pair = (key: string, value: LogfmtValue): LogfmtPair => ({ key, parsedKey: false, value });

/** valueToKeyvals in encode.go: maps flattened with `_`, slices indexed, empties skipped. */
function valueToPairs(key: string, v: AnyValue, out: LogfmtPair[]): void {
  switch (typeof v) {
    case 'string':
      out.push(pair(key, { kind: 'string', s: v }));
      return;
    case 'boolean':
      out.push(pair(key, text(v ? 'true' : 'false')));
      return;
    case 'bigint':
      out.push(pair(key, text(v.toString())));
      return;
    case 'number':
      out.push(pair(key, text(goPrintFloat(v))));
      return;
  }
  if (v === null) return;
  const prefix = key === '' ? '' : key + '_';
  if (v instanceof KeyValueList) {
    for (const kv of v.values) valueToPairs(prefix + kv.key, kv.value, out);
    return;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) valueToPairs(prefix + i, v[i]!, out);
    return;
  }
  out.push(pair(key, { kind: 'rawbytes', b: v }));
}

function bodyToPairs(body: AnyValue): LogfmtPair[] {
  if (body === null) return [];
  if (typeof body === 'string') return parseLogfmtLine(body) ?? [pair('msg', { kind: 'string', s: body })];
  const out: LogfmtPair[] = [];
  if (body instanceof KeyValueList) valueToPairs('', body, out);
  else if (Array.isArray(body)) valueToPairs('body', body, out);
  else valueToPairs('msg', body, out);
  return out;
}

function replaceOrAppend(pairs: LogfmtPair[], key: string, value: LogfmtValue): void {
  for (const p of pairs) {
    if (!p.parsedKey && p.key === key) {
      p.value = value;
      return;
    }
  }
  pairs.push(pair(key, value));
}

/** encode.go EncodeLogfmt. Attributes in their stored order (pcommon.Map iteration). */
function encodeLogfmtLine(lr: LogRecord, logAttrs: readonly KeyValue[], resAttrs: readonly KeyValue[], scope: InstrumentationScope): string {
  const pairs = bodyToPairs(lr.body);
  if (!isEmptyId(lr.traceId)) replaceOrAppend(pairs, 'traceID', { kind: 'string', s: idToHex(lr.traceId) });
  if (!isEmptyId(lr.spanId)) replaceOrAppend(pairs, 'spanID', { kind: 'string', s: idToHex(lr.spanId) });
  if (lr.severityText !== '') replaceOrAppend(pairs, 'severity', { kind: 'string', s: lr.severityText });
  if (lr.flags !== 0) replaceOrAppend(pairs, 'flags', text(String(lr.flags >>> 0)));
  for (const kv of logAttrs) valueToPairs('attribute_' + kv.key, kv.value, pairs);
  for (const kv of resAttrs) valueToPairs('resource_' + kv.key, kv.value, pairs);
  if (scope.name !== '') {
    pairs.push(pair('instrumentation_scope_name', { kind: 'string', s: scope.name }));
    if (scope.version !== '') pairs.push(pair('instrumentation_scope_version', { kind: 'string', s: scope.version }));
    for (const kv of scope.attributes) valueToPairs('instrumentation_scope_attribute_' + kv.key, kv.value, pairs);
  }
  return marshalLogfmt(pairs);
}

/** The entry timestamp: Timestamp, else ObservedTimestamp, else now (Go: time.Unix(0, int64(ts))). */
function entryTime(lr: LogRecord, now: () => bigint): bigint {
  // asIntN only when the uint64 is above int64's range (it allocates a new bigint each call).
  const t = lr.timeUnixNano;
  if (t !== 0n) return t < 0x8000000000000000n ? t : BigInt.asIntN(64, t);
  const o = lr.observedTimeUnixNano;
  if (o !== 0n) return o < 0x8000000000000000n ? o : BigInt.asIntN(64, o);
  return now();
}

// Consecutive records usually carry the same labels: the `{k="v", …}` text of the previous
// record is reused when its raw names and values are the same, else looked up per distinct raw
// label list (bounded cache), else built.
const streamKeys = new Map<string, string>();
let lastNames: string[] = [];
let lastValues: string[] = [];
let lastKey = '';

function sameAsLast(l: LabelList): boolean {
  const n = l.names.length;
  if (n !== lastNames.length) return false;
  for (let i = 0; i < n; i++) if (l.names[i] !== lastNames[i] || l.values[i] !== lastValues[i]) return false;
  return true;
}

function streamKey(l: LabelList): string {
  if (sameAsLast(l)) return lastKey;
  let raw = '';
  for (let i = 0; i < l.names.length; i++) raw += `${l.names[i]!.length}:${l.names[i]}${l.values[i]!.length}:${l.values[i]}`;
  let key = streamKeys.get(raw);
  if (key === undefined) {
    // Go collects the normalised names in a map; when two names normalise alike the survivor
    // depends on map iteration order there. Here the later one in merge order wins.
    const labels = new Map<string, string>();
    for (let i = 0; i < l.names.length; i++) labels.set(normalizeLabelName(l.names[i]!), l.values[i]!);
    key = labelSetString(labels);
    if (streamKeys.size >= CACHE_MAX) streamKeys.clear();
    streamKeys.set(raw, key);
  }
  lastNames = l.names.slice();
  lastValues = l.values.slice();
  lastKey = key;
  return key;
}

class LokiEncodeError extends Error {
  override name = 'LokiEncodeError';
}

interface LabelFlags {
  exporter: boolean;
  job: boolean;
  instance: boolean;
}

/**
 * What a record's tenant, format, labels and line layout come from, and what they are. Another
 * record has the same shape when its attribute keys are the same in the same order, its resource
 * attributes are the same array, and the values read to decide (`watch`: hints, label sources,
 * the tenant attribute) are the same; then everything here holds for it too.
 */
interface RecordShape {
  res: readonly KeyValue[];
  keys: string[];
  watch: number[];
  watchValues: AnyValue[];
  /** False when a label came through a dotted path into a nested map (its value is not watched). */
  cacheable: boolean;
  /** The record's attributes with `level` added, when they differ from the record's own. */
  logAttrs: readonly KeyValue[] | undefined;
  tenant: string;
  format: string;
  /** The stream's `{k="v", …}`. */
  labels: string;
  /** Which attributes the line keeps (not a hint, not a label name), by index. */
  keepLog: boolean[];
  keepRes: boolean[];
}

/** Object.is, for values compared within one request (an object by identity). */
const sameValue = (a: AnyValue, b: AnyValue): boolean => a === b && (typeof a !== 'number' || Object.is(a, b));

function sameShape(shape: RecordShape, attrs: readonly KeyValue[], res: readonly KeyValue[]): boolean {
  const keys = shape.keys;
  if (shape.res !== res || keys.length !== attrs.length) return false;
  for (let i = 0; i < keys.length; i++) if (attrs[i]!.key !== keys[i]) return false;
  const watch = shape.watch;
  for (let j = 0; j < watch.length; j++) if (!sameValue(attrs[watch[j]!]!.value, shape.watchValues[j]!)) return false;
  return true;
}

/** Steps 1–5 of the translation for one record (see the top of this file). */
function recordShape(recordAttrs: readonly KeyValue[], logAttrs: readonly KeyValue[], resAttrs: readonly KeyValue[], flags: LabelFlags): RecordShape {
  const watch: number[] = [];
  let cacheable = true;
  // A record attribute read to decide something: its index is watched (logAttrs only differs
  // from recordAttrs in uncached records, where watching does not matter).
  const see = (key: string): AnyValue | undefined => {
    for (let i = 0; i < logAttrs.length; i++) {
      if (logAttrs[i]!.key === key) {
        watch.push(i);
        return logAttrs[i]!.value;
      }
    }
    return undefined;
  };

  let tenant = '';
  let tenantHint = findValue(resAttrs, HINT_TENANT);
  if (tenantHint === undefined) tenantHint = see(HINT_TENANT);
  if (tenantHint !== undefined) {
    const name = str(tenantHint);
    const fromRes = findValue(resAttrs, name);
    tenant = fromRes !== undefined ? str(fromRes) : str(see(name));
  }

  let formatHint = findValue(resAttrs, HINT_FORMAT);
  if (formatHint === undefined) formatHint = see(HINT_FORMAT);
  const format = formatHint === undefined ? 'json' : anyValueToString(formatHint);

  const merged = scratchLabels;
  merged.reset();
  if (flags.exporter) merged.set('exporter', 'OTLP');
  if (flags.job) {
    const name = findValue(resAttrs, 'service.name');
    if (name !== undefined) {
      const ns = findValue(resAttrs, 'service.namespace');
      merged.set('job', ns === undefined ? anyValueToString(name) : `${anyValueToString(ns)}/${anyValueToString(name)}`);
    }
  }
  if (flags.instance) {
    const inst = findValue(resAttrs, 'service.instance.id');
    if (inst !== undefined) merged.set('instance', anyValueToString(inst));
  }
  const resHintOnRes = findValue(resAttrs, HINT_RESOURCES);
  if (resHintOnRes !== undefined) addHintLabels(merged, resAttrs, resHintOnRes);
  const resHintOnLog = see(HINT_RESOURCES);
  if (resHintOnLog !== undefined) addHintLabels(merged, resAttrs, resHintOnLog);
  const attrHint = see(HINT_ATTRIBUTES);
  if (attrHint !== undefined) {
    for (const name of hintNames(attrHint)) {
      let v = see(name);
      if (v === undefined) {
        v = lookup(logAttrs, name);
        if (v !== undefined) cacheable = false;
      }
      if (v !== undefined) merged.set(name, anyValueToString(v));
    }
  }

  const keepLog = logAttrs.map((kv) => !isHintKey(kv.key) && !merged.has(kv.key));
  const keepRes = resAttrs.map((kv) => !isHintKey(kv.key) && !merged.has(kv.key));
  return {
    res: resAttrs,
    keys: recordAttrs.map((kv) => kv.key),
    watch,
    watchValues: watch.map((i) => logAttrs[i]!.value),
    cacheable,
    logAttrs: logAttrs === recordAttrs ? undefined : logAttrs,
    tenant,
    format,
    labels: streamKey(merged),
    keepLog,
    keepRes,
  };
}

function kept(attrs: readonly KeyValue[], keep: readonly boolean[]): KeyValue[] {
  return attrs.filter((_, i) => keep[i]);
}

interface Tenant {
  push: TenantPush;
  builder: PushBuilder;
}

/** One tenant's push: the uncompressed PushRequest, or null when every record failed to convert. */
export interface TenantPush {
  tenant: string;
  body: Buffer | null;
  submitted: number;
  dropped: number;
  /** Why records were dropped (Go: "failed to convert, dropping log: …"). */
  errors: string[];
}

const writer = new EntryWriter();
const attributesCache = new MapBytesCache();
const resourcesCache = new MapBytesCache();

const wallClockNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

/**
 * LogsToLokiRequests, straight to bytes: one PushRequest per tenant ('' = no X-Scope-OrgID), in
 * the order tenants first appear; streams in the order they first appear (Go's order is random:
 * map iteration), entries in record order.
 */
export function logsToLokiPushes(
  resourceLogs: readonly ResourceLogs[],
  defaults: DefaultLabelsEnabled = {},
  now: () => bigint = wallClockNs,
): TenantPush[] {
  const flags: LabelFlags = {
    exporter: isOn(defaults, 'exporter'),
    job: isOn(defaults, 'job'),
    instance: isOn(defaults, 'instance'),
  };
  const onLevel = isOn(defaults, 'level');
  let lastShape: RecordShape | undefined;
  const tenants = new Map<string, Tenant>();
  let last: Tenant | undefined;
  attributesCache.reset();
  resourcesCache.reset();
  for (const rl of resourceLogs) {
    const resAttrs = rl.resource.attributes;
    for (const sl of rl.scopeLogs) {
      let scopeBytes: Uint8Array | null | undefined;
      for (const lr of sl.logRecords) {
        // LogToLokiEntry's tenant, level, format and labels: the last record's when this one has
        // the same shape (the dockerd stream: the same keys, hints and label values run after run).
        const withLevelAdded = onLevel && lr.severityNumber !== 0;
        let shape = lastShape;
        if (withLevelAdded || shape === undefined || !sameShape(shape, lr.attributes, resAttrs)) {
          const logAttrs = withLevelAdded ? withLevel(lr.attributes, lr.severityNumber) : lr.attributes;
          shape = recordShape(lr.attributes, logAttrs, resAttrs, flags);
          lastShape = shape.cacheable && !withLevelAdded ? shape : undefined;
        }
        const logAttrs = shape.logAttrs ?? lr.attributes;
        const tenantName = shape.tenant;
        let t = last !== undefined && last.push.tenant === tenantName ? last : tenants.get(tenantName);
        if (t === undefined) {
          t = { push: { tenant: tenantName, body: null, submitted: 0, dropped: 0, errors: [] }, builder: new PushBuilder(writer) };
          tenants.set(tenantName, t);
        }
        last = t;
        const format = shape.format;

        const builder = t.builder;
        const stream = builder.stream(shape.labels);
        const w = builder.begin(stream, entryTime(lr, now));
        try {
          if (format === 'json') {
            scopeBytes ??= scopeJson(sl.scope);
            const attributes = attributesCache.get(logAttrs, shape.keepLog);
            const resources = resAttrs.length === 0 ? null : resourcesCache.get(resAttrs, shape.keepRes);
            writeJsonLine(w, lr, attributes, resources, scopeBytes);
          } else if (format === 'logfmt') {
            w.utf8(encodeLogfmtLine(lr, kept(logAttrs, shape.keepLog), kept(resAttrs, shape.keepRes), sl.scope));
          } else if (format === 'raw') {
            w.utf8(anyValueToString(lr.body));
          } else throw new LokiEncodeError(`invalid format ${format}. Expected one of: json, logfmt, raw`);
        } catch (err) {
          builder.abort(stream);
          t.push.dropped++;
          t.push.errors.push(`failed to convert, dropping log: ${(err as Error).message}`);
          continue;
        }
        builder.commit(stream);
        t.push.submitted++;
      }
    }
  }
  const out: TenantPush[] = [];
  for (const t of tenants.values()) {
    if (t.builder.streams.length > 0) t.push.body = t.builder.build();
    out.push(t.push);
  }
  return out;
}

interface TenantRequest {
  tenant: string;
  streams: LokiStream[];
  submitted: number;
  dropped: number;
  errors: string[];
}

/** logsToLokiPushes read back into streams (tests and tools; the exporter sends the bytes). */
export function logsToLokiRequests(
  resourceLogs: readonly ResourceLogs[],
  defaults: DefaultLabelsEnabled = {},
  now: () => bigint = wallClockNs,
): TenantRequest[] {
  return logsToLokiPushes(resourceLogs, defaults, now).map(({ body, ...rest }) => ({
    ...rest,
    streams: body === null ? [] : decodePushRequest(body),
  }));
}
