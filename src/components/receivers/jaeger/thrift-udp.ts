// thrift_compact (6831/udp) and thrift_binary (6832/udp): the Jaeger agent's `Agent.emitBatch`
// oneway call, one per datagram (contrib receiver/jaegerreceiver/trace_receiver.go startAgent,
// internal/udpserver). UDP cannot answer, so a datagram that does not decode or that the pipeline
// refuses is dropped: the shared UDP server counts it (`otelcol_receiver_udp_datagrams_dropped`,
// reason handler_error) and logs one sampled line; the receiver counts refused spans.

import type { Logger } from 'pino';
import { EMPTY_CONTEXT } from '../../../core/consumer.js';
import type { Telemetry } from '../../../core/telemetry.js';
import { readEmitBatch } from '../../../shared/codec/jaeger/thrift.js';
import { CompactReader } from '../../../shared/codec/thrift/index.js';
import { Traces } from '../../../pdata/index.js';
import { UdpServer } from '../../../shared/udpserver/index.js';
import type { JaegerUdpConfig } from './config.js';
import type { ReceiverHelper } from '../../../shared/receiverhelper/index.js';
import type { RunningTransport } from './jaeger.js';
import { thriftBatchToTraces } from './translate-thrift.js';
import { ThriftBatchTranslator } from './translate-thrift-bytes.js';

// Synchronous and reset per datagram, so one serves every worker.
const translator = new ThriftBatchTranslator();

export async function startThriftUdp(
  protocol: 'compact' | 'binary',
  id: string,
  cfg: JaegerUdpConfig,
  receiver: ReceiverHelper,
  logger: Logger,
  telemetry: Telemetry,
): Promise<RunningTransport> {
  const server = new UdpServer(
    {
      endpoint: cfg.endpoint,
      queueSize: cfg.queue_size,
      maxPacketSize: cfg.max_packet_size,
      workers: cfg.workers,
      socketBufferSize: cfg.socket_buffer_size,
    },
    {
      id,
      logger,
      telemetry,
      onDatagram: async (datagram, from) => {
        // A decode error or a Refusal (already counted refused and logged by the helper)
        // propagates to the UDP server, which drops the datagram and counts it as handler_error.
        // Binary datagrams go straight to OTLP bytes (translate-thrift-bytes.ts), compact ones
        // through the thrift objects.
        let traces: Traces;
        if (protocol === 'binary') {
          const bytes = translator.translateEmitBatch(datagram);
          if (!bytes) return;
          traces = Traces.fromProto(bytes);
        } else {
          const batch = readEmitBatch(new CompactReader(datagram));
          if (!batch) return;
          traces = thriftBatchToTraces(batch);
        }
        await receiver.push('traces', traces, { ...EMPTY_CONTEXT, clientAddress: from.address });
      },
    },
  );
  const address = await server.start();
  logger.info({ endpoint: address }, protocol === 'compact' ? 'Starting UDP server for Compact Thrift' : 'Starting UDP server for Binary Thrift');
  return { address, shutdown: () => server.shutdown(), udp: server };
}
