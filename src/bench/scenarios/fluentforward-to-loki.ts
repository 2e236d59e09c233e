// Issue 9's goal: the user's busiest path, logs/docker — dockerd's fluentd log driver → fluentforward
// → batch → attributes/fluent_docker → loki exporter → Loki. Saturation per core: goal ≥ 200k
// records/s and ≥ 4× the reference per core (Go publishes ~48k/core). The sink decodes every push
// and counts its entries, so nothing accepted may be lost, and it keeps the stream label sets so a
// run shows the attributes processor really shaped the labels as on the user's Grafana.

import { E2E_COLUMNS, goal, itemColumns, THROUGHPUT_COLUMNS, throughputColumns } from '../result.js';
import { comparison } from '../scenario.js';
import type { LoadSpec } from '../trial.js';

/** Docker containers, one forward connection each. */
export const FORWARD_CONNECTIONS = 10;

export const FORWARD_LOAD: LoadSpec = {
  generator: 'ours',
  protocol: 'http',
  script: 'forward.js',
  rate: 0,
  inflight: FORWARD_CONNECTIONS,
  describe: `dist-bench/bench/load/forward.js, flat-out on ${FORWARD_CONNECTIONS} connections (one per container), 100 events per write, paced by TCP backpressure`,
};

/** The seed's attributes/fluent_docker, verbatim (../shared/seed/otel-collector-config.yaml). */
const FLUENT_DOCKER_ATTRIBUTES: Record<string, unknown> = {
  actions: [
    { action: 'upsert', key: 'source', value: 'docker' },
    { action: 'extract', key: 'container_name', pattern: '^[/](?P<container_name>.*)$' },
    { action: 'insert', key: 'loki.attribute.labels', value: 'source, container_name' },
  ],
};

export const fluentForwardToLoki = comparison({
  name: 'fluentforward-to-loki',
  title: 'Fluent forward (dockerd) → batch → attributes → loki exporter → sink, saturation',
  method: `ours and the reference each receive dockerd-shaped fluent forward events (Message mode [tag, int seconds, {container_id, container_name: "/name", source, log}, {}], ~200-byte lines) on ${FORWARD_CONNECTIONS} TCP connections flat-out, run them through batch and the seed's attributes/fluent_docker (upsert source, extract container_name, insert loki.attribute.labels) and push them with the loki exporter (seed settings: endpoint only) to a Loki-protocol sink that snappy-decodes every PushRequest and counts its entries. Delivered = entries counted by the sink in the window; whole-run = every entry delivered over the collector's CPU-seconds from the first write to the last delivery (both collectors take events in faster than their loki exporter sends them, queueing the difference, so the window's deliveries and CPU are not the same records; the goals use the whole-run figures); lost = events written to the collector's sockets (whole run) that never reached the sink after a drain.`,
  exporter: 'loki',
  exporters: ['loki'],
  signal: 'logs',
  receiver: { type: 'fluentforward', config: (port) => ({ endpoint: `127.0.0.1:${port}` }) },
  processors: [['attributes/fluent_docker', FLUENT_DOCKER_ATTRIBUTES]],
  load: () => FORWARD_LOAD,
  columns: itemColumns([...THROUGHPUT_COLUMNS, ...E2E_COLUMNS], 'records'),
  ratios: [['ours', 'reference']],
  ratioColumns: itemColumns([...throughputColumns('deliveredPerSec', 'cpuAvg', 'rssAvg', 'perCore'), ...E2E_COLUMNS], 'records'),
  goals: (trials) => [
    goal(trials, { text: 'nothing lost (written − delivered)', side: 'ours', metric: 'lost', cmp: '<=', limit: 0, unit: 'records' }),
    goal(trials, {
      text: '≥ 200k records/s per core (whole run)',
      side: 'ours',
      metric: 'extra.e2ePerCore',
      cmp: '>=',
      limit: 200_000,
      unit: 'records/s',
    }),
    goal(trials, {
      text: '≥ 4× the reference per core (whole run)',
      side: 'ours',
      den: 'reference',
      metric: 'extra.e2ePerCore',
      cmp: '>=',
      limit: 4,
      unit: '×',
    }),
  ],
});
