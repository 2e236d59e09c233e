// dockerd's fluentd log driver events (seed-setup.md §2.5) for the forward load generator: one
// container per connection, each log line one Message-mode event `[tag, int seconds, record, {}]`.

import { Packr } from 'msgpackr';

export const CONTAINERS = [
  'prometheus',
  'grafana',
  'loki',
  'traefik',
  'otel-collector',
  'node-exporter',
  'cadvisor',
  'alertmanager',
  'postgres',
  'nextcloud',
];

// Go's fluent-logger encodes the record as a msgpack map (not msgpackr's record extension).
const packr = new Packr({ useRecords: false, variableMapSize: true });

function hex(seed: number, len: number): string {
  let out = '';
  let x = seed * 2654435761 + 12345;
  while (out.length < len) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, len);
}

/** A ~200-byte application log line, varied by `n`. */
export function logLine(name: string, n: number): string {
  const ms = 3 + (n % 997);
  const line =
    `level=info ts=2026-12-02T14:${String(n % 60).padStart(2, '0')}:${String((n * 7) % 60).padStart(2, '0')}.${String(n % 1000).padStart(3, '0')}Z ` +
    `caller=${name}/handler.go:${100 + (n % 400)} component=http msg="request served" method=GET ` +
    `path=/api/v1/query_range?query=up&step=${15 + (n % 45)} status=200 duration=${ms}ms bytes=${1024 + ((n * 31) % 60000)}`;
  return line.padEnd(200, ' ').slice(0, 200);
}

export interface DockerEvent {
  tag: string;
  time: number;
  record: { container_id: string; container_name: string; source: string; log: string };
}

export function dockerEvent(container: number, n: number, time: number): DockerEvent {
  const name = CONTAINERS[container % CONTAINERS.length]! + (container >= CONTAINERS.length ? `-${container}` : '');
  const id = hex(container + 1, 64);
  return {
    tag: id.slice(0, 12),
    time,
    record: { container_id: id, container_name: `/${name}`, source: n % 5 === 4 ? 'stderr' : 'stdout', log: logLine(name, n) },
  };
}

/** One Message-mode event as dockerd sends it: `[tag, int seconds, record, {}]`. */
export function encodeDockerEvent(e: DockerEvent): Buffer {
  return packr.pack([e.tag, e.time, e.record, {}]);
}

/** `events` consecutive encoded events of one container, concatenated (one socket write). */
export function dockerChunk(container: number, first: number, events: number, time: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < events; i++) parts.push(encodeDockerEvent(dockerEvent(container, first + i, time)));
  return Buffer.concat(parts);
}
