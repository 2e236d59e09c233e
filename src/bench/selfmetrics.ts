// Reading a collector's own counters from its Prometheus endpoint: with telemetrygen as the load
// there is no generator-side count, so the receiver's accepted/refused span counters say what was
// offered and taken. Both collectors expose the Go names (go-collector.md §4), with or without
// the `_total` suffix depending on the exposition format.

/** Sums every sample of counter `name` (any labels, with or without `_total`); NaN when absent. */
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

interface ReceiverCounts {
  accepted: number;
  refused: number;
}

export async function scrapeReceiverSpans(metricsPort: number): Promise<ReceiverCounts> {
  try {
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { signal: AbortSignal.timeout(2000) });
    const text = await res.text();
    return { accepted: sumCounter(text, 'otelcol_receiver_accepted_spans'), refused: sumCounter(text, 'otelcol_receiver_refused_spans') };
  } catch {
    return { accepted: NaN, refused: NaN };
  }
}
