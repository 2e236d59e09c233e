// attributes processor options (contrib processor/attributesprocessor/config.go v0.130.0):
// `actions` plus the include/exclude block, squashed at the top level as in Go.

import { s, type ConfigIssue } from '../../../core/schema.js';
import { actionSchema, compileActions } from '../../../shared/attraction/config.js';
import { matchConfigShape } from '../../../shared/filtermatch/config.js';
import { checkMatchConfig } from '../../../shared/filtermatch/matcher.js';

export const attributesConfig = s.object({
  actions: s.list(actionSchema).doc("ordered actions on each item's attributes (required)"),
  ...matchConfigShape,
});

export type AttributesConfig = ReturnType<typeof attributesConfig.defaultValue>;

export function validateAttributes(cfg: AttributesConfig): ConfigIssue[] {
  if (cfg.actions.length === 0) return [{ path: ['actions'], message: 'missing required field "actions"' }];
  const { issues } = compileActions(cfg.actions);
  checkMatchConfig(cfg, issues);
  return issues;
}
