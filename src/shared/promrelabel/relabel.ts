// Applying relabel rules to a label set, as Prometheus's model/relabel/relabel.go `relabel` does
// for each action (Process/ProcessBuilder: rules in order, the first drop ends the run).

import { createHash } from 'node:crypto';
import { isValidLabelName, type RelabelRule } from './config.js';
import { expandTemplate } from './expand.js';
import { LabelBuilder, sortedLabels, type Label } from './labels.js';

/**
 * Runs `rules` over `labels` (any order; repeated names keep the last value). Returns the
 * resulting labels sorted by name, or null when a rule dropped the set.
 */
export function relabel(labels: readonly Label[], rules: readonly RelabelRule[]): Label[] | null {
  const lb = new LabelBuilder(sortedLabels(labels));
  return processBuilder(lb, rules) ? lb.labels() : null;
}

/** Like relabel() on a builder the caller reuses; false when the set was dropped. */
export function processBuilder(lb: LabelBuilder, rules: readonly RelabelRule[]): boolean {
  for (const rule of rules) if (!applyRule(rule, lb)) return false;
  return true;
}

function applyRule(rule: RelabelRule, lb: LabelBuilder): boolean {
  let val: string;
  const src = rule.sourceLabels;
  if (src.length === 0) val = '';
  else if (src.length === 1) val = lb.get(src[0]!);
  else {
    val = lb.get(src[0]!);
    for (let i = 1; i < src.length; i++) val += rule.separator + lb.get(src[i]!);
  }

  switch (rule.action) {
    case 'drop':
      return !rule.regex.test(val);
    case 'keep':
      return rule.regex.test(val);
    case 'dropequal':
      return lb.get(rule.targetLabel) !== val;
    case 'keepequal':
      return lb.get(rule.targetLabel) === val;
    case 'replace': {
      // Prometheus's fast path: with the default regex an empty value needs no matching.
      if (val === '' && rule.regexIsDefault && !rule.targetLabel.includes('$') && !rule.replacement.includes('$')) {
        lb.set(rule.targetLabel, rule.replacement);
        return true;
      }
      const groups = rule.regex.findSubmatch(val);
      if (groups === null) return true;
      const target = expandTemplate(rule.targetTemplate, groups, rule.regex.subexpNames);
      if (!isValidLabelName(target)) return true;
      const res = expandTemplate(rule.replacementTemplate, groups, rule.regex.subexpNames);
      if (res === '') lb.delete(target);
      else lb.set(target, res);
      return true;
    }
    case 'lowercase':
      lb.set(rule.targetLabel, goCaseMap(val, false));
      return true;
    case 'uppercase':
      lb.set(rule.targetLabel, goCaseMap(val, true));
      return true;
    case 'hashmod': {
      // The last 8 bytes of the MD5, big-endian, modulo `modulus`, "to give the same result as
      // earlier versions" (relabel.go).
      const digest = createHash('md5').update(val, 'utf8').digest();
      lb.set(rule.targetLabel, (digest.readBigUInt64BE(8) % rule.modulus).toString());
      return true;
    }
    case 'labelmap':
      lb.range((l) => {
        // The regex is anchored, so Go's ReplaceAllString makes exactly one replacement.
        const groups = rule.regex.findSubmatch(l.name);
        if (groups !== null) lb.set(expandTemplate(rule.replacementTemplate, groups, rule.regex.subexpNames), l.value);
      });
      return true;
    case 'labeldrop':
      lb.range((l) => {
        if (rule.regex.test(l.name)) lb.delete(l.name);
      });
      return true;
    case 'labelkeep':
      lb.range((l) => {
        if (!rule.regex.test(l.name)) lb.delete(l.name);
      });
      return true;
  }
}

// Go's strings.ToLower/ToUpper map each rune on its own (unicode.ToLower/ToUpper), where
// JavaScript applies context rules (final sigma) and expansions (ß → SS). ASCII is the common case.
function goCaseMap(s: string, upper: boolean): string {
  if (/^[\x00-\x7f]*$/.test(s)) return upper ? s.toUpperCase() : s.toLowerCase();
  let out = '';
  for (const ch of s) {
    const m = upper ? ch.toUpperCase() : ch.toLowerCase();
    out += [...m].length === 1 ? m : ch;
  }
  return out;
}
