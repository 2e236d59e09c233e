// The `service` section and the cross-section checks, with the Go collector's messages
// (core `otelcol/config.go` Validate, `service/pipelines/config.go`,
// `service/telemetry/otelconftelemetry/config.go`).

import type { Signal } from '../core/payload.js';
import { telemetrySchema } from '../telemetry/config.js';
import type { ProcessorFactory, ReceiverFactory, ExporterFactory } from '../core/component.js';
import { s, type DecodeContext } from '../core/schema.js';
import { parseComponentId, parsePipelineId, profilesNotSupported } from './ids.js';
import type { ProblemCollector } from './problems.js';
import type { ComponentConfig, PipelineConfig, ServiceConfig, SectionName } from './resolved.js';
import { plain } from './components.js';
import { isPlainMap } from './yaml.js';

const idList = () => s.list(s.string());

const pipelineSchema = s.object({ receivers: idList(), processors: idList(), exporters: idList() });

const serviceSchema = s.object({
  extensions: idList(),
  pipelines: s.map(pipelineSchema),
  telemetry: telemetrySchema,
});

/** A pipeline as written: its raw key (for positions) and parsed references. */
interface RawPipeline {
  key: string;
  config: PipelineConfig;
}

interface DecodedService {
  service: ServiceConfig;
  pipelines: RawPipeline[];
}

function parseRefs(list: string[], path: string[], problems: ProblemCollector): string[] {
  const out: string[] = [];
  list.forEach((ref, i) => {
    const parsed = parseComponentId(ref);
    if (parsed.ok) out.push(parsed.id);
    else problems.add([...path, String(i)], parsed.error);
  });
  return out;
}

export function decodeService(raw: unknown, problems: ProblemCollector, ctx: DecodeContext): DecodedService {
  const before = ctx.issues.length;
  const svc = serviceSchema.decode(raw, ['service'], ctx);
  for (const issue of ctx.issues.slice(before)) problems.add(issue.path, issue.message);

  const extensions = parseRefs(svc.extensions, ['service', 'extensions'], problems);
  const pipelines: RawPipeline[] = [];
  const seen = new Set<string>();
  for (const [key, p] of Object.entries(svc.pipelines)) {
    const path = ['service', 'pipelines', key];
    const parsed = parsePipelineId(key);
    if (!parsed.ok) {
      problems.add(path, parsed.error);
      continue;
    }
    if (parsed.signal === 'profiles') {
      problems.add(['service', 'pipelines'], profilesNotSupported(parsed.id), path);
      continue;
    }
    if (seen.has(parsed.id)) {
      problems.add(path, `duplicate pipeline ID ${JSON.stringify(parsed.id)}`);
      continue;
    }
    seen.add(parsed.id);
    pipelines.push({
      key,
      config: {
        id: parsed.id,
        signal: parsed.signal,
        receivers: parseRefs(p.receivers, [...path, 'receivers'], problems),
        processors: parseRefs(p.processors, [...path, 'processors'], problems),
        exporters: parseRefs(p.exporters, [...path, 'exporters'], problems),
      },
    });
  }
  return { service: { extensions, pipelines: pipelines.map((p) => p.config), telemetry: svc.telemetry }, pipelines };
}

export interface Sections {
  configs: Record<SectionName, Map<string, ComponentConfig>>;
  declared: Record<SectionName, Set<string>>;
}

function supportsSignal(cc: ComponentConfig | undefined, signal: Signal): boolean {
  if (!cc || cc.kind === 'connector' || cc.kind === 'extension') return true;
  const f = cc.factory as ReceiverFactory | ProcessorFactory | ExporterFactory;
  return f.stability[signal] !== undefined;
}

function supported(cc: ComponentConfig): string {
  const f = cc.factory as ReceiverFactory | ProcessorFactory | ExporterFactory;
  return Object.keys(f.stability).join(', ');
}

/** The otelcol Config.Validate checks, all of them, plus signal support per pipeline. */
export function validateService(sections: Sections, decoded: DecodedService, rawService: unknown, problems: ProblemCollector): void {
  const { declared, configs } = sections;
  const anyDeclared = Object.values(declared).some((set) => set.size > 0);
  if (!anyDeclared) {
    problems.add([], 'empty configuration file');
    return;
  }
  if (declared.receivers.size === 0) problems.add([], 'no receiver configuration specified in config');
  if (declared.exporters.size === 0) problems.add([], 'no exporter configuration specified in config');

  for (const id of declared.connectors) {
    for (const other of ['exporter', 'receiver'] as const) {
      if (!declared[`${other}s`].has(id)) continue;
      problems.add(
        ['connectors', id],
        `ambiguous ID: Found both ${JSON.stringify(id)} ${other} and ${JSON.stringify(id)} connector. ` +
          `Change one of the components' IDs to eliminate ambiguity (e.g. rename ${JSON.stringify(id)} connector to ${JSON.stringify(`${id}/connector`)})`,
      );
    }
  }

  const extSeen = new Set<string>();
  decoded.service.extensions.forEach((ref, i) => {
    const where = ['service', 'extensions', String(i)];
    if (!declared.extensions.has(ref)) {
      problems.add(['service', 'extensions'], `references extension ${JSON.stringify(ref)} which is not configured`, where);
    } else if (extSeen.has(ref)) {
      problems.add(['service', 'extensions'], `references extension ${JSON.stringify(ref)} multiple times`, where);
    }
    extSeen.add(ref);
  });

  const svcRaw = plain(rawService);
  const pipelinesRaw = isPlainMap(svcRaw) ? plain(svcRaw.pipelines) : undefined;
  if (decoded.pipelines.length === 0 && (!isPlainMap(pipelinesRaw) || Object.keys(pipelinesRaw).length === 0)) {
    problems.add(['service', 'pipelines'], 'service must have at least one pipeline');
  }

  for (const { key, config: p } of decoded.pipelines) {
    const path = ['service', 'pipelines', p.id];
    const at = (list: string, i: number) => ['service', 'pipelines', key, list, String(i)];
    if (p.receivers.length === 0) problems.add(path, 'must have at least one receiver', ['service', 'pipelines', key]);
    if (p.exporters.length === 0) problems.add(path, 'must have at least one exporter', ['service', 'pipelines', key]);
    const procSeen = new Set<string>();
    p.processors.forEach((ref, i) => {
      if (procSeen.has(ref)) problems.add(path, `references processor ${JSON.stringify(ref)} multiple times`, at('processors', i));
      procSeen.add(ref);
    });
    const check = (list: 'receivers' | 'processors' | 'exporters', kind: string, allowConnector: boolean): void => {
      p[list].forEach((ref, i) => {
        const own = declared[list].has(ref);
        if (!own && !(allowConnector && declared.connectors.has(ref))) {
          problems.add(path, `references ${kind} ${JSON.stringify(ref)} which is not configured`, at(list, i));
          return;
        }
        const cc = own ? configs[list].get(ref) : undefined;
        if (cc && !supportsSignal(cc, p.signal)) {
          problems.add(path, `${kind} ${JSON.stringify(ref)} does not support ${p.signal} (supported: ${supported(cc)})`, at(list, i));
        }
      });
    };
    check('receivers', 'receiver', true);
    check('processors', 'processor', false);
    check('exporters', 'exporter', true);
  }

  validateTelemetry(decoded, svcRaw, problems);
}

function validateTelemetry(decoded: DecodedService, svcRaw: unknown, problems: ProblemCollector): void {
  const metrics = decoded.service.telemetry.metrics;
  const tel = isPlainMap(svcRaw) ? plain(svcRaw.telemetry) : undefined;
  const rawMetrics = isPlainMap(tel) ? plain(tel.metrics) : undefined;
  const readers = isPlainMap(rawMetrics) ? plain(rawMetrics.readers) : undefined;
  // Our default reader is the `address` pull endpoint, so only an explicit `readers: []` leaves none.
  if (metrics.level !== 'none' && Array.isArray(readers) && readers.length === 0) {
    problems.add(['service', 'telemetry'], 'collector telemetry metrics reader should exist when metric level is not none', [
      'service',
      'telemetry',
      'metrics',
      'readers',
    ]);
  }
  if (metrics.views !== undefined && metrics.views !== null && metrics.level !== 'detailed') {
    problems.add(['service', 'telemetry'], 'service::telemetry::metrics::views can only be set when service::telemetry::metrics::level is detailed', [
      'service',
      'telemetry',
      'metrics',
      'views',
    ]);
  }
}
