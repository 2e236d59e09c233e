// What an HTTP exporter makes of a response (core `exporter/otlphttpexporter/otlp.go`): 2xx is
// success; 429, 502, 503 and 504 are retryable (the OTLP spec's list); everything else is
// permanent. On 429 and 503 a Retry-After header (delay-seconds or an HTTP date) sets the
// minimum wait before the next attempt, as Go's NewThrottleRetry does.

import { ConsumerError } from '../../core/consumer.js';
import { stripUrlCredentials } from './url.js';

export type HeaderValues = Record<string, string | string[] | undefined>;

function isRetryableHttpStatus(code: number): boolean {
  return code === 429 || code === 502 || code === 503 || code === 504;
}

function header(headers: HeaderValues, name: string): string | undefined {
  const v = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Milliseconds to wait per a Retry-After value, or undefined when absent or unparsable. A date in
 * the past gives 0. Go reads delay-seconds with strconv.Atoi and dates with time.RFC1123.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^[+-]?\d+$/.test(v)) return Math.max(0, Number.parseInt(v, 10) * 1000);
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} [A-Za-z]+$/.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

interface HttpFailure {
  /** The request URL; credentials are removed before it enters the message. */
  url: string;
  statusCode: number;
  headers: HeaderValues;
  /** The backend's explanation (OTLP: the Status message); adds `, Message=…, Details=…` as Go does. */
  message?: string;
  details?: string;
  /** Override the retryable set (Loki retries every 5xx). */
  retryable?: (statusCode: number) => boolean;
  /** Override the whole error text (Loki's `HTTP 500 "Internal Server Error": …`). */
  text?: string;
}

/** The ConsumerError for a non-2xx response, or undefined for 2xx. */
export function httpResponseError(f: HttpFailure, nowMs: number = Date.now()): ConsumerError | undefined {
  if (f.statusCode >= 200 && f.statusCode <= 299) return undefined;
  let text = f.text;
  if (text === undefined) {
    text = `error exporting items, request to ${stripUrlCredentials(f.url)} responded with HTTP Status Code ${f.statusCode}`;
    if (f.message !== undefined) text += `, Message=${f.message}, Details=${f.details ?? '[]'}`;
  }
  const retryable = (f.retryable ?? isRetryableHttpStatus)(f.statusCode);
  if (!retryable) return ConsumerError.permanent(text);
  const delay = f.statusCode === 429 || f.statusCode === 503 ? parseRetryAfter(header(f.headers, 'retry-after'), nowMs) : undefined;
  return f.statusCode === 429 ? ConsumerError.throttled(text, delay) : ConsumerError.retryable(text, delay);
}
