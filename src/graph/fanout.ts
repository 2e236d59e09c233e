// Hands one payload to several consumers. Read-only consumers share the original; every consumer
// that declares it mutates gets its own clone, because consumers here are asynchronous (an
// exporter may still hold the original in its queue while a processor would rewrite it), so
// Go's "the last mutating consumer may take the original" shortcut is not safe (Go's
// internal/fanoutconsumer does it because its consumers finish synchronously).

import { ConsumerError, type Consumer, type RequestContext } from '../core/consumer.js';
import type { Payload } from '../core/payload.js';

export function fanout(consumers: readonly Consumer[]): Consumer {
  if (consumers.length === 1) return consumers[0]!;
  return new Fanout(consumers);
}

class Fanout implements Consumer {
  readonly mutatesData: boolean;
  constructor(private readonly consumers: readonly Consumer[]) {
    this.mutatesData = false; // the fan-out itself never mutates: it clones for those that do
  }

  async consume(data: Payload, ctx: RequestContext): Promise<void> {
    const results = await Promise.allSettled(this.consumers.map((c) => c.consume(c.mutatesData ? data.clone() : data, ctx)));
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (errors.length === 0) return;
    throw combineErrors(errors);
  }
}

/**
 * One error for several refusals. A retryable refusal wins over a permanent one: the client
 * re-sends and some branch sees duplicates, but no branch silently loses data (Go's joined error
 * would count as permanent as soon as one branch is).
 */
function combineErrors(errors: unknown[]): unknown {
  if (errors.length === 1) return errors[0];
  const message = errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ');
  const typed = errors.filter((e): e is ConsumerError => e instanceof ConsumerError);
  const throttled = typed.find((e) => e.kind === 'throttled');
  if (throttled) return new ConsumerError(message, 'throttled', throttled.retryAfterMs);
  const allPermanent = typed.length === errors.length && typed.every((e) => e.kind === 'permanent');
  if (allPermanent) return new ConsumerError(message, 'permanent');
  const retryAfter = Math.max(0, ...typed.map((e) => e.retryAfterMs ?? 0));
  return new ConsumerError(message, 'retryable', retryAfter || undefined);
}
