// Which process runs each component when one collector runs as a leader and N workers
// (`--workers`). Receivers that only answer what clients push to a socket can run in every
// worker: the kernel spreads connections (and datagrams) over the workers' shared sockets, and
// each request is handled whole by one process. Anything that keeps state across requests or
// acts on its own schedule (aggregating connectors, scrapers and file tailers, exporters that
// serve or write one thing) must exist once, so it runs in the leader and workers forward to it.
//
// Types not listed take the safe side: an unknown receiver runs once (in the leader), an unknown
// connector is single-owner, an unknown exporter or extension runs in every process that needs it.
// Keys are factory types (an alias resolves to its factory first).

import type { AnyFactory } from '../core/component.js';

/** Receivers whose every request is independent: served by all workers through shared sockets. */
const WORKER_RECEIVERS = new Set([
  'otlp',
  'jaeger',
  'zipkin',
  'opencensus',
  'fluentforward',
  'loki',
  'splunk_hec',
  'influxdb',
  'carbon',
  'collectd',
  'signalfx',
  'sapm',
  'datadog',
  'awsxray',
  'skywalking',
  'syslog',
  'tcplog',
  'udplog',
  'webhookevent',
]);

/**
 * Connectors that keep nothing between calls, so a copy per process gives the same output.
 * `count` is one: Go's countconnector (contrib `connector/countconnector/connector.go`) counts
 * each batch it is handed and emits those counts at once, as delta sums, keeping no state; the
 * `prometheus` exporter that usually receives them is the single owner that adds them up. So
 * the spans stay in their worker and only the small count metrics cross to the leader.
 * `spanmetrics` keeps cumulative state and is not listed.
 */
const PER_PROCESS_CONNECTORS = new Set(['forward', 'routing', 'failover', 'roundrobin', 'count']);

/**
 * Exporters that must exist once: `prometheus` aggregates what it receives and serves it on one
 * port (a copy per worker would each serve a fraction); `file` writes and rotates one file.
 */
const SINGLE_OWNER_EXPORTERS = new Set(['prometheus', 'file']);

/** Extensions that serve the collector's own endpoints: once, in the leader, for the whole. */
const LEADER_EXTENSIONS = new Set(['health_check', 'zpages', 'pprof']);

/** Where a component runs: in the leader only, in the workers only, or in every process. */
export type Placement = 'leader' | 'workers' | 'every';

export function placementOf(factory: AnyFactory): Placement {
  switch (factory.kind) {
    case 'receiver':
      return WORKER_RECEIVERS.has(factory.type) ? 'workers' : 'leader';
    case 'connector':
      return PER_PROCESS_CONNECTORS.has(factory.type) ? 'every' : 'leader';
    case 'exporter':
      return SINGLE_OWNER_EXPORTERS.has(factory.type) ? 'leader' : 'every';
    case 'extension':
      return LEADER_EXTENSIONS.has(factory.type) ? 'leader' : 'every';
    case 'processor':
      // A processor exists once per pipeline per process and sees the data of that process only.
      return 'every';
  }
}

/** A connector or exporter whose one instance lives in the leader, fed by forwarders in workers. */
export function isSingleOwner(factory: AnyFactory): boolean {
  return (factory.kind === 'connector' || factory.kind === 'exporter') && placementOf(factory) === 'leader';
}
