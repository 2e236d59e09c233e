// Our collector as the benchmarks launch it when components they need are built but not yet
// listed in src/components/registry.ts: the same `main` as dist/cli.js, with a registry that adds
// those factories. Once the registry lists them this launcher is not used (reference.ts checks
// `dist/cli.js components` first), so the figures always come from the shipped entry point when
// it can run the scenario.

import { main } from '../cli/main.js';
import { registryFor } from '../components/registry.js';
import type { AnyFactory, ComponentKind } from '../components/types.js';

const CANDIDATES: [ComponentKind, string, string, string][] = [
  ['receiver', 'otlp', '../components/receivers/otlp/factory.js', 'otlpReceiverFactory'],
  ['exporter', 'otlp', '../components/exporters/otlp/factory.js', 'otlpExporterFactory'],
  ['exporter', 'otlphttp', '../components/exporters/otlphttp/factory.js', 'otlpHttpExporterFactory'],
  ['exporter', 'debug', '../components/exporters/debug/factory.js', 'debugExporterFactory'],
];

async function extras(has: (kind: ComponentKind, type: string) => boolean): Promise<AnyFactory[]> {
  const out: AnyFactory[] = [];
  for (const [kind, type, path, name] of CANDIDATES) {
    if (has(kind, type)) continue;
    try {
      const mod = (await import(path)) as Record<string, AnyFactory | undefined>;
      if (mod[name]) out.push(mod[name]);
    } catch {
      // not built: the scenario needing it reports the missing component
    }
  }
  return out;
}

registryFor(process.env)
  .then(async (registry) => registry.with(await extras((k, t) => registry.resolve(k, t) !== undefined)))
  .then((registry) => main(process.argv.slice(2), registry))
  .then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`Error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
