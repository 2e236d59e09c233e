// resource processor options (contrib processor/resourceprocessor/config.go v0.130.0): the
// attribute actions, under `attributes`, applied to each resource's attributes.

import { s, type ConfigIssue } from '../../../core/schema.js';
import { actionSchema, compileActions } from '../../../shared/attraction/config.js';

export const resourceConfig = s.object({
  attributes: s.list(actionSchema).doc('ordered actions on resource attributes (required)'),
});

export type ResourceConfig = ReturnType<typeof resourceConfig.defaultValue>;

export function validateResource(cfg: ResourceConfig): ConfigIssue[] {
  if (cfg.attributes.length === 0) return [{ path: ['attributes'], message: 'missing required field "attributes"' }];
  return compileActions(cfg.attributes, ['attributes']).issues;
}
