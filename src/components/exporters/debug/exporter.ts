// The text exporter behind both `debug` and the removed `logging` exporter: a summary line per
// batch, then (by verbosity) the normal or detailed text, all through a per-exporter sampler
// (core `exporter/debugexporter/exporter.go`; v0.110 `exporter/internal/common/logging_exporter.go`
// for the logging flavour). As in Go it sits behind the exporterhelper with no timeout and no
// retry, so the exporter self-metrics count what it printed.

import { ConsumerError } from '../../../core/consumer.js';
import type { CreateContext, Exporter } from '../../../core/component.js';
import { Metrics, PdataDecodeError, Traces, type Payload, type Signal } from '../../../pdata/index.js';
import { countItems } from '../../../pdata/wire/scan.js';
import { createExporterHelper, DEFAULT_RETRY, queueSchema, type QueueConfig } from '../../../shared/exporterhelper/index.js';
import type { Verbosity } from './config.js';
import { logsToNormal, metricsToNormal, tracesToNormal } from './normal.js';
import { ConsoleOutput, LoggerOutput, type SummaryFields, type TextOutput } from './output.js';
import { MessageSampler } from './sampler.js';
import { logsToText } from './text-logs.js';
import { metricsToText } from './text-metrics.js';
import { tracesToText } from './text-traces.js';

/**
 * `debug`: summary messages `Traces`/`Metrics`/`Logs`, normal verbosity prints one line per item.
 * `logging`: summary messages `TracesExporter`/…, and only detailed prints more (the logging
 * exporter never gained the normal marshaler before its removal in v0.111.0).
 */
type TextFlavour = 'debug' | 'logging';

interface TextExporterOptions {
  flavour: TextFlavour;
  verbosity: Verbosity;
  samplingInitial: number;
  samplingThereafter: number;
  useInternalLogger: boolean;
  /** With useInternalLogger false; undefined means [stdout]. */
  outputPaths?: readonly string[];
  /** undefined: no queue (the data is printed before consume() resolves). */
  queue?: QueueConfig;
  /** Clock for the sampler, for tests. */
  now?: () => number;
}

const SUMMARY: Record<TextFlavour, Record<Signal, string>> = {
  debug: { traces: 'Traces', metrics: 'Metrics', logs: 'Logs' },
  logging: { traces: 'TracesExporter', metrics: 'MetricsExporter', logs: 'LogsExporter' },
};

// Field numbers of ResourceX (1) and, for metrics, ScopeMetrics (2) and Metric (2): counting them
// on the wire keeps `verbosity: basic`, the default, from decoding every request it reports on.
const RESOURCE_LEVELS = [[1]] as const;
const METRIC_COUNT_LEVELS = [[1], [2], [2]] as const;

type OtlpData = Payload;

function wireCount(p: OtlpData, levels: readonly (readonly number[])[], fromTree: () => number): number {
  return !p.isDecoded() && p.hasProto() ? countItems(p.toProto(), levels) : fromTree();
}

/** The counts Go logs in the summary line, under Go's field names. */
function summaryFields(p: OtlpData): SummaryFields {
  if (p instanceof Traces) {
    return { 'resource spans': wireCount(p, RESOURCE_LEVELS, () => p.resourceSpans.length), spans: p.itemCount() };
  }
  if (p instanceof Metrics) {
    return {
      'resource metrics': wireCount(p, RESOURCE_LEVELS, () => p.resourceMetrics.length),
      metrics: wireCount(p, METRIC_COUNT_LEVELS, () => p.metricCount()),
      'data points': p.itemCount(),
    };
  }
  return { 'resource logs': wireCount(p, RESOURCE_LEVELS, () => p.resourceLogs.length), 'log records': p.itemCount() };
}

/** The text printed after the summary line at `normal` or `detailed` verbosity. */
function itemText(p: OtlpData, verbosity: 'normal' | 'detailed'): string {
  if (p instanceof Traces) return verbosity === 'detailed' ? tracesToText(p.resourceSpans) : tracesToNormal(p.resourceSpans);
  if (p instanceof Metrics) return verbosity === 'detailed' ? metricsToText(p.resourceMetrics) : metricsToNormal(p.resourceMetrics);
  return verbosity === 'detailed' ? logsToText(p.resourceLogs) : logsToNormal(p.resourceLogs);
}

export function createTextExporter(ctx: CreateContext, opts: TextExporterOptions, signals: ReadonlySet<Signal>): Exporter {
  const sampler = new MessageSampler(opts.samplingInitial, opts.samplingThereafter, opts.now);
  const output: TextOutput = opts.useInternalLogger ? new LoggerOutput(ctx.logger) : new ConsoleOutput(opts.outputPaths ?? ['stdout']);
  const printsItems = opts.verbosity === 'detailed' || (opts.verbosity === 'normal' && opts.flavour === 'debug');
  const emit = (message: string, fields?: SummaryFields): void => {
    if (sampler.admit(message)) output.write(message, fields);
  };

  const helper = createExporterHelper({
    id: ctx.id,
    logger: ctx.logger,
    metrics: ctx.telemetry.exporter(ctx.id),
    timeoutMs: 0,
    retry: { ...DEFAULT_RETRY, enabled: false },
    queue: opts.queue ?? { ...queueSchema().defaultValue(), enabled: false },
    signals,
    async send(payload) {
      const data = payload;
      try {
        emit(SUMMARY[opts.flavour][payload.signal], summaryFields(data));
        // Go logs the marshaled text as one entry, even when it is empty.
        if (printsItems) emit(itemText(data, opts.verbosity as 'normal' | 'detailed'));
      } catch (err) {
        if (err instanceof PdataDecodeError) throw ConsumerError.permanent(err.message, err);
        throw err;
      }
    },
  });

  let started = false;
  return {
    mutatesData: false,
    consume: (data, rctx) => helper.consume(data, rctx),
    async start() {
      if (started) return;
      try {
        output.open();
      } catch (err) {
        throw new Error(`exporter "${ctx.id}": ${(err as Error).message}`, { cause: err });
      }
      started = true;
      helper.start();
    },
    async shutdown() {
      await helper.shutdown();
      output.close();
    },
  };
}
