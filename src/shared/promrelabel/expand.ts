// Go's regexp.Expand template language (`$1`, `${1}`, `$name`, `${name}`, `$$`), which
// Prometheus uses for `replacement` and `target_label` (model/relabel/relabel.go calls
// Regexp.ExpandString). Quirks kept from Go's regexp/regexp.go `expand`/`extract`:
// a name is the longest run of letters, digits and `_` (so `$1x` means group `1x`, which does not
// exist and expands to ''), a malformed `$` is copied literally, a leading zero (`$01`) makes the
// name non-numeric, and an unknown or non-participating group expands to ''.

const NAME_CHAR = /[\p{L}\p{Nd}_]/u;

/** A parsed template: literal text and group references, so expansion per sample does no parsing. */
export type TemplatePart = string | { index: number } | { name: string };

export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let lit = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) {
      lit += template.slice(i);
      break;
    }
    lit += template.slice(i, dollar);
    i = dollar + 1;
    if (template[i] === '$') {
      lit += '$';
      i++;
      continue;
    }
    const ref = extractName(template, i);
    if (ref === null) {
      lit += '$';
      continue;
    }
    if (lit !== '') parts.push(lit);
    lit = '';
    parts.push(ref.num >= 0 ? { index: ref.num } : { name: ref.name });
    i = ref.end;
  }
  if (lit !== '') parts.push(lit);
  return parts;
}

function extractName(s: string, start: number): { name: string; num: number; end: number } | null {
  let i = start;
  const brace = s[i] === '{';
  if (brace) i++;
  const nameStart = i;
  for (const ch of s.slice(i)) {
    if (!NAME_CHAR.test(ch)) break;
    i += ch.length;
  }
  if (i === nameStart) return null;
  const name = s.slice(nameStart, i);
  if (brace) {
    if (s[i] !== '}') return null;
    i++;
  }
  let num = 0;
  for (let k = 0; k < name.length; k++) {
    const c = name.charCodeAt(k);
    if (c < 48 || c > 57 || num >= 1e8) {
      num = -1;
      break;
    }
    num = num * 10 + (c - 48);
  }
  if (name[0] === '0' && name.length > 1) num = -1;
  return { name, num, end: i };
}

/** Expands a parsed template against a submatch array (index 0 = whole match) and group names. */
export function expandTemplate(parts: readonly TemplatePart[], groups: readonly string[], names: readonly string[]): string {
  if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') out += p;
    else if ('index' in p) out += groups[p.index] ?? '';
    else {
      const at = names.indexOf(p.name);
      if (at > 0) out += groups[at] ?? '';
    }
  }
  return out;
}

export function templateHasVariable(template: string): boolean {
  return template.includes('$');
}
