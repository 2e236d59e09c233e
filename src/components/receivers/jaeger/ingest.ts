// The pipeline side of each Jaeger transport: push translated traces, count them under the
// transport's name (Go's obsreport transports `collector_http`, `udp_thrift_compact`,
// `udp_thrift_binary`, `grpc`), and hand a refusal back for the transport to answer.

import type { Logger } from 'pino';
import { ConsumerError, type Consumer, type RequestContext } from '../../../core/consumer.js';
import type { ReceiverMetrics, Telemetry } from '../../../core/telemetry.js';
import type { Traces } from '../../../pdata/index.js';

export type JaegerTransport = 'collector_http' | 'udp_thrift_compact' | 'udp_thrift_binary' | 'grpc';

export class JaegerIngest {
  private readonly metrics: ReceiverMetrics;

  constructor(
    private readonly consumer: Consumer,
    telemetry: Telemetry,
    id: string,
    private readonly logger: Logger,
    readonly transport: JaegerTransport,
  ) {
    this.metrics = telemetry.receiver(id, transport);
  }

  /**
   * Resolves once the pipeline accepted the traces; rejects with the pipeline's error (a
   * ConsumerError, or any error wrapped as retryable). Like Go, a batch whose process carries
   * no spans is still handed on.
   */
  async push(traces: Traces, ctx: RequestContext): Promise<void> {
    const items = traces.itemCount();
    try {
      await this.consumer.consume(traces, ctx);
    } catch (err) {
      this.metrics.refused('traces', items);
      const refusal = err instanceof ConsumerError ? err : ConsumerError.retryable(err instanceof Error ? err.message : String(err));
      this.logger.warn({ transport: this.transport, items, err: refusal.message }, 'Jaeger batch refused by the pipeline');
      throw refusal;
    }
    this.metrics.accepted('traces', items);
  }
}
