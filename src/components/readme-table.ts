// The README's component table, generated from the registry. `node dist/components/readme-table.js
// --write` rewrites README.md; registry.test.ts fails when the two drift apart.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { registry as defaultRegistry, type Registry } from './registry.js';
import type { AnyFactory } from '../core/component.js';

const BEGIN = '<!-- components:begin (kept in sync with the registry by src/components/registry.test.ts) -->';
const END = '<!-- components:end -->';
const KIND_ORDER = ['receiver', 'processor', 'exporter', 'connector', 'extension'];

function signalsOf(f: AnyFactory): string {
  if (f.kind === 'connector') return f.pairs.map((p) => `${p.from}→${p.to}`).join(', ');
  if (f.kind === 'extension') return '–';
  return Object.keys(f.stability).join(', ');
}

function stabilityOf(f: AnyFactory): string {
  if (f.kind === 'connector') return [...new Set(f.pairs.map((p) => p.stability))].join(', ');
  if (f.kind === 'extension') return f.stability;
  return [...new Set(Object.values(f.stability))].join(', ');
}

export async function componentTable(reg: Registry = defaultRegistry): Promise<string> {
  const rows = (await reg.list())
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.type.localeCompare(b.type))
    .map((f) => {
      const aliases = (f.aliases ?? []).map((a) => (a.deprecated ? `${a.name} (deprecated)` : a.name)).join(', ');
      return `| ${f.kind} | \`${f.type}\` | ${aliases || '–'} | ${signalsOf(f)} | ${stabilityOf(f)} |`;
    });
  return [BEGIN, '| kind | type | aliases | signals | stability |', '|---|---|---|---|---|', ...rows, END].join('\n');
}

export const README_PATH = fileURLToPath(new URL('../../README.md', import.meta.url));

export function readmeTable(readme: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < 0) throw new Error('README.md has no components table markers');
  return readme.slice(start, end + END.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  const readme = readFileSync(README_PATH, 'utf8');
  writeFileSync(README_PATH, readme.replace(readmeTable(readme), await componentTable()));
}
