// Building a component from a user config the way the service does (schema decode, validate(),
// create with a capturing logger and a real metrics registry), so component tests exercise the
// same path as `validate` and a running collector.

import assert from 'node:assert/strict';
import type { Exporter, ExporterFactory, Receiver, ReceiverFactory } from '../core/component.js';
import { SIGNALS, type Signal } from '../core/payload.js';
import { DecodeContext, type ConfigIssue } from '../core/schema.js';
import { MetricsRegistry } from '../telemetry/metrics.js';
import { renderExposition } from '../telemetry/exposition.js';
import { captureLogger, type LogLine } from './logger.js';
import { RecordingConsumer } from './sink.js';

interface Decodable<C> {
  config: { decode(input: unknown, path: string[], ctx: DecodeContext): unknown };
  validate?(cfg: C): ConfigIssue[];
}

/** The decoded config and every issue (schema and validate()) as `path: message`. */
export function decodeConfig<C>(factory: Decodable<C>, input: unknown): { cfg: C; issues: string[] } {
  const ctx = new DecodeContext();
  const cfg = factory.config.decode(input, [], ctx) as C;
  const issues = [...ctx.issues, ...(factory.validate?.(cfg) ?? [])].map((i) => (i.path.length ? `${i.path.join('::')}: ${i.message}` : i.message));
  return { cfg, issues };
}

/** The config issues of `input`, schema and validate() together, as bare messages. */
export function configIssues<C>(factory: Decodable<C>, input: unknown): string[] {
  const ctx = new DecodeContext();
  const cfg = factory.config.decode(input, [], ctx) as C;
  return [...ctx.issues, ...(factory.validate?.(cfg) ?? [])].map((i) => i.message);
}

function validConfig<C>(factory: Decodable<C>, input: unknown): C {
  const { cfg, issues } = decodeConfig(factory, input);
  assert.deepEqual(issues, [], 'the test config must be valid');
  return cfg;
}

interface BuiltExporter<E extends Exporter = Exporter> {
  exporter: E;
  lines: LogLine[];
  telemetry: MetricsRegistry;
  /** The Prometheus text of the component's self-metrics. */
  metricsText(): string;
}

/** Decodes `input` (no issues allowed) and creates the exporter `id` (default `type/test`) for `signals`. */
export function buildExporter<C>(
  factory: ExporterFactory<C>,
  input: unknown,
  signals: Signal[] = [...SIGNALS],
  id = `${factory.type}/test`,
): BuiltExporter {
  const cfg = validConfig(factory, input);
  const { logger, lines } = captureLogger();
  const telemetry = new MetricsRegistry();
  const exporter = factory.create({ id, kind: 'exporter', logger, telemetry }, cfg, new Set(signals));
  return { exporter, lines, telemetry, metricsText: () => renderExposition(telemetry.collect()) };
}

export interface BuiltReceiver<R extends Receiver = Receiver> {
  receiver: R;
  /** One recording sink per signal the receiver feeds. */
  consumers: Partial<Record<Signal, RecordingConsumer>>;
  lines: LogLine[];
  telemetry: MetricsRegistry;
  metricsText(): string;
}

/** Decodes `input` (no issues allowed) and creates receiver `id` (default its type) feeding a RecordingConsumer per signal. */
export function buildReceiver<C>(factory: ReceiverFactory<C>, input: unknown, signals?: Signal[], id = factory.type): BuiltReceiver {
  const cfg = validConfig(factory, input);
  const { logger, lines } = captureLogger();
  const telemetry = new MetricsRegistry();
  const consumers: Partial<Record<Signal, RecordingConsumer>> = {};
  for (const s of signals ?? (Object.keys(factory.stability) as Signal[])) consumers[s] = new RecordingConsumer();
  const receiver = factory.create({ id, kind: 'receiver', logger, telemetry }, cfg, consumers);
  return { receiver, consumers, lines, telemetry, metricsText: () => renderExposition(telemetry.collect()) };
}
