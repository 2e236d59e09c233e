// The pipeline side of the loki receiver, one per transport: translate the decoded push request
// and hand it to the shared ReceiverHelper (empty-request rule, accepted/refused counts, the
// sampled refusal warning). Transports map a Refusal as Go's Loki receiver does (contrib
// `internal/coreinternal/errorutil/{http,grpc}.go`): permanent → HTTP 400 / gRPC UNKNOWN.

import type { Logger } from 'pino';
import type { Consumer, RequestContext } from '../../../core/consumer.js';
import type { Telemetry } from '../../../core/telemetry.js';
import { ReceiverHelper } from '../../../shared/receiverhelper/index.js';
import type { LokiStream } from '../../../shared/codec/loki/push-model.js';
import { pushToLogs } from './to-logs.js';

export class LokiIngest {
  private readonly helper: ReceiverHelper;

  constructor(
    id: string,
    telemetry: Telemetry,
    private readonly logger: Logger,
    private readonly transport: 'http' | 'grpc',
    consumer: Consumer,
    private readonly useIncomingTimestamp: boolean,
  ) {
    this.helper = new ReceiverHelper({ id, transport, telemetry, logger, consumers: { logs: consumer }, format: 'Loki push' });
  }

  /**
   * Translates and pushes; resolves once the pipeline accepted. Throws LokiDecodeError for labels
   * that do not parse (nothing is pushed) and a Refusal when the pipeline refuses.
   */
  async push(streams: readonly LokiStream[], ctx: RequestContext): Promise<void> {
    let logs;
    try {
      logs = pushToLogs(streams, { useIncomingTimestamp: this.useIncomingTimestamp });
    } catch (err) {
      // Go warns with this constant message too (contrib `receiver/lokireceiver/loki.go`).
      this.logger.warn({ transport: this.transport, err: (err as Error).message }, 'at least one entry in the push request failed to process');
      throw err;
    }
    await this.helper.push('logs', logs, ctx);
  }
}

/** A started transport: where it listens and how to stop it. */
export interface RunningTransport {
  address: string;
  shutdown(): Promise<void>;
}
