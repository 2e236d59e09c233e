// Reading a collector's own counters from its Prometheus endpoint: with telemetrygen as the load
// there is no generator-side count, so the receiver's accepted/refused span counters say what was
// offered and taken; with a nop exporter there is no sink, so what the batch processor handed on
// says what reached the pipeline's end. Both collectors expose the Go names (go-collector.md §4), with or without
// the `_total` suffix depending on the exposition format.

/** Sums every sample of counter (or gauge) `name` (any labels, with or without `_total`); NaN when absent. */
export function sumCounter(text: string, name: string): number {
  let total = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    // otelcol v0.130 with an explicit Prometheus reader appends the unit as well:
    // `otelcol_receiver_accepted_spans__spans__total` (go-collector.md §4).
    const m = /^(?:__[a-z]+_)?(?:_total)?(?:\{[^}]*\})?\s+(\S+)/.exec(rest);
    if (!m) continue;
    const v = Number(m[1]);
    if (!Number.isFinite(v)) continue;
    total += v;
    found = true;
  }
  return found ? total : NaN;
}

/**
 * Sums the `_sum` series of histogram `name`: ours exposes `name_sum`, otelcol v0.130 with a
 * Prometheus reader `name__units__sum` (the `{unit}` annotation spelled out).
 */
export function sumHistogramSum(text: string, name: string): number {
  let total = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^(?:__[a-z]+_)?_sum(?:\{[^}]*\})?\s+(\S+)/.exec(line.slice(name.length));
    const v = m ? Number(m[1]) : NaN;
    if (!Number.isFinite(v)) continue;
    total += v;
    found = true;
  }
  return found ? total : NaN;
}

export interface PipelineCounts {
  /** Items the receiver took in (accepted) and turned away (refused). */
  accepted: number;
  refused: number;
  /**
   * Items the batch processor handed on (the sum of otelcol_processor_batch_batch_send_size):
   * with `nop` after batch, what reached the pipeline's end. Both collectors record it at level normal.
   */
  batchOut: number;
  /** The exporters' sending queues (batches held, and room): a growing queue means the side is not keeping up. */
  queueSize: number;
  queueCapacity: number;
}

export async function scrapePipelineCounts(metricsPort: number, signal: 'traces' | 'logs' = 'traces'): Promise<PipelineCounts> {
  const noun = signal === 'logs' ? 'log_records' : 'spans';
  try {
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { signal: AbortSignal.timeout(2000) });
    const text = await res.text();
    return {
      accepted: sumCounter(text, `otelcol_receiver_accepted_${noun}`),
      refused: sumCounter(text, `otelcol_receiver_refused_${noun}`),
      batchOut: sumHistogramSum(text, 'otelcol_processor_batch_batch_send_size'),
      queueSize: sumCounter(text, 'otelcol_exporter_queue_size'),
      queueCapacity: sumCounter(text, 'otelcol_exporter_queue_capacity'),
    };
  } catch {
    return { accepted: NaN, refused: NaN, batchOut: NaN, queueSize: NaN, queueCapacity: NaN };
  }
}
