// The legacy include/exclude block (Go's filterconfig.MatchProperties, contrib
// internal/filter/filterconfig/config.go v0.130.0) shared by the attributes and filter processors.

import { s } from '../../core/schema.js';

export const attributeMatchSchema = s.object({
  key: s.string(),
  value: s.any(undefined).keepKinds(),
});

export const regexpCacheSchema = s.object({
  cacheenabled: s.bool(false).doc('remember match results per input string (LRU)'),
  cachemaxnumentries: s.int(0, 0).doc('LRU size; 0 = unbounded'),
});

const matchPropertiesSchema = s.object({
  match_type: s.string().doc('strict | regexp (required)'),
  regexp: s.presence(regexpCacheSchema),
  services: s.list(s.string()).doc('resource service.name (spans)'),
  span_names: s.list(s.string()),
  span_kinds: s.list(s.string()).doc('SPAN_KIND_SERVER, …'),
  log_bodies: s.list(s.string()).doc('body as a string (logs)'),
  log_severity_texts: s.list(s.string()),
  log_severity_number: s.presence(s.object({ min: s.int(0), match_undefined: s.bool(false) })),
  metric_names: s.list(s.string()),
  attributes: s.list(attributeMatchSchema).doc('item attributes: key, optional value'),
  resources: s.list(attributeMatchSchema).doc('resource attributes: key, optional value'),
  libraries: s.list(s.object({ name: s.string(), version: s.presence(s.string()) })).doc('instrumentation scope name/version'),
});

export type MatchProperties = ReturnType<typeof matchPropertiesSchema.defaultValue>;

export interface MatchConfig {
  include?: MatchProperties;
  exclude?: MatchProperties;
}

export const matchConfigShape = {
  include: s.presence(matchPropertiesSchema).doc('act only on items matching all of these'),
  exclude: s.presence(matchPropertiesSchema).doc('skip items matching all of these (checked after include)'),
};
