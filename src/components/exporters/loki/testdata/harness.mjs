// The fixture harness shared by record.mjs (Go) and ../pipelines.e2e.test.ts (ours): a Loki/OTLP
// sink, a collector config with the seed's own `processors:` block and one pipeline per case
// (each with its own `loki/<case>` exporter and an `otlphttp/<case>` exporter that captures the
// pipeline's data just before the loki exporter), the inputs of inputs.mjs sent over real
// sockets (hand-packed msgpack Forward protocol for fluentforward, OTLP/JSON for otlp), and the
// sink's records per case once it has been quiet for 1.5 s.

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { fluentDocker, fluentPlain, fluentSystemd, otlpNaNRequest, otlpRequests } from './inputs.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../../../..');
export const SEED_CONFIG = process.env.OTELCOL_TS_SEED_CONFIG ?? path.resolve(repo, '../shared/seed/otel-collector-config.yaml');

// ---- msgpack, written by hand so every type on the wire is the one the input names ----

function packInto(out, v) {
  if (v === null || v === undefined) return out.push(Buffer.from([0xc0]));
  if (v === true || v === false) return out.push(Buffer.from([v ? 0xc3 : 0xc2]));
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`use f64() for the float ${v}`);
    return packInt(out, BigInt(v));
  }
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8');
    if (b.length < 32) out.push(Buffer.from([0xa0 | b.length]));
    else if (b.length < 256) out.push(Buffer.from([0xd9, b.length]));
    else if (b.length < 65536) out.push(Buffer.from([0xda, b.length >> 8, b.length & 0xff]));
    else {
      const h = Buffer.alloc(5);
      h[0] = 0xdb;
      h.writeUInt32BE(b.length, 1);
      out.push(h);
    }
    return out.push(b);
  }
  if (Array.isArray(v)) {
    out.push(arrayHeader(v.length));
    for (const e of v) packInto(out, e);
    return;
  }
  if ('$f64' in v) {
    const b = Buffer.alloc(9);
    b[0] = 0xcb;
    b.writeDoubleBE(v.$f64, 1);
    return out.push(b);
  }
  if ('$u64' in v) {
    const b = Buffer.alloc(9);
    b[0] = 0xcf;
    b.writeBigUInt64BE(v.$u64, 1);
    return out.push(b);
  }
  if ('$i64' in v) return packInt(out, v.$i64);
  if ('$bin' in v) {
    out.push(Buffer.from([0xc4, v.$bin.length]));
    return out.push(v.$bin);
  }
  if ('$eventTime' in v) {
    // fixext 8, type 0: big-endian uint32 seconds, uint32 nanoseconds (Forward protocol EventTime)
    const b = Buffer.alloc(10);
    b[0] = 0xd7;
    b[1] = 0x00;
    b.writeUInt32BE(v.$eventTime[0], 2);
    b.writeUInt32BE(v.$eventTime[1], 6);
    return out.push(b);
  }
  const keys = Object.keys(v);
  out.push(keys.length < 16 ? Buffer.from([0x80 | keys.length]) : Buffer.from([0xde, keys.length >> 8, keys.length & 0xff]));
  for (const k of keys) {
    packInto(out, k);
    packInto(out, v[k]);
  }
}

function arrayHeader(n) {
  return n < 16 ? Buffer.from([0x90 | n]) : Buffer.from([0xdc, n >> 8, n & 0xff]);
}

function packInt(out, n) {
  if (n >= 0n && n < 128n) return out.push(Buffer.from([Number(n)]));
  if (n < 0n && n >= -32n) return out.push(Buffer.from([Number(n) & 0xff]));
  const b = Buffer.alloc(9);
  if (n >= 0n) {
    b[0] = 0xcf;
    b.writeBigUInt64BE(n, 1);
  } else {
    b[0] = 0xd3;
    b.writeBigInt64BE(n, 1);
  }
  out.push(b);
}

function pack(v) {
  const out = [];
  packInto(out, v);
  return Buffer.concat(out);
}

function frame(ev) {
  switch (ev.mode) {
    case 'message3':
      return pack([ev.tag, ev.time, ev.record]);
    case 'message4':
      return pack([ev.tag, ev.time, ev.record, {}]);
    case 'forward':
      return pack([ev.tag, ev.entries]);
    default:
      throw new Error(`unknown mode ${ev.mode}`);
  }
}

// ---- plumbing ----

async function sendFluent(port, events) {
  const sock = net.connect(port, '127.0.0.1');
  await new Promise((r, j) => {
    sock.once('connect', r);
    sock.once('error', j);
  });
  for (const ev of events) await new Promise((r) => sock.write(frame(ev), r));
  await new Promise((r) => sock.end(r));
}

async function postOtlp(port, body) {
  const res = await fetch(`http://127.0.0.1:${port}/v1/logs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text };
}

export const CASES = {
  docker: { receivers: ['fluentforward/docker'], processors: ['batch', 'attributes/fluent_docker'] },
  systemd: { receivers: ['fluentforward/systemd'], processors: ['batch', 'attributes/fluent_systemd'] },
  fluent_plain: { receivers: ['fluentforward/plain'], processors: ['batch'] },
  otel: { receivers: ['otlp'], processors: ['batch'] },
  otel_no_default_labels: {
    receivers: ['otlp'],
    processors: ['batch'],
    loki: { default_labels_enabled: { exporter: false, job: false, instance: false, level: false } },
  },
};

/**
 * Runs `command args… --config=<generated>` against the inputs and returns, per case, the
 * captured OTLP batches and the decoded push requests (timestamps from the run itself → "now").
 */
export async function runPipelines(command, args = [], env = {}) {
  const { startLokiSink } = await import(path.join(repo, 'dist/components/exporters/loki/testkit.js'));
  const { startCollector } = await import(path.join(repo, 'dist/testing/reference-collector.js'));
  const { freePort } = await import(path.join(repo, 'dist/testing/ports.js'));
  const sink = await startLokiSink();
  const seed = YAML.parse(fs.readFileSync(SEED_CONFIG, 'utf8').replace(/\$\{env:[A-Z_]+\}/g, 'unused'));
  const ports = { docker: await freePort(), systemd: await freePort(), plain: await freePort(), otlp: await freePort() };
  const exporters = {};
  const pipelines = {};
  for (const [name, c] of Object.entries(CASES)) {
    // One consumer each, so requests reach the sink in pipeline order.
    exporters[`loki/${name}`] = { endpoint: `${sink.url}/${name}/loki/api/v1/push`, sending_queue: { num_consumers: 1 }, ...(c.loki ?? {}) };
    exporters[`otlphttp/${name}`] = { endpoint: `${sink.url}/${name}`, compression: 'none', sending_queue: { num_consumers: 1 } };
    pipelines[`logs/${name}`] = { receivers: c.receivers, processors: c.processors, exporters: [`loki/${name}`, `otlphttp/${name}`] };
  }
  const config = {
    receivers: {
      'fluentforward/docker': { endpoint: `127.0.0.1:${ports.docker}` },
      'fluentforward/systemd': { endpoint: `127.0.0.1:${ports.systemd}` },
      'fluentforward/plain': { endpoint: `127.0.0.1:${ports.plain}` },
      otlp: { protocols: { http: { endpoint: `127.0.0.1:${ports.otlp}` } } },
    },
    processors: seed.processors,
    exporters,
    service: { telemetry: { metrics: { level: 'none' }, logs: { level: 'warn' } }, pipelines },
  };
  const startedNs = BigInt(Date.now()) * 1_000_000n;
  const proc = await startCollector({ command, args, config, env, readyPorts: Object.values(ports) });
  const otlpResponses = [];
  try {
    await sendFluent(ports.docker, fluentDocker);
    await sendFluent(ports.systemd, fluentSystemd);
    await sendFluent(ports.plain, fluentPlain);
    for (const body of [...otlpRequests, otlpNaNRequest]) otlpResponses.push(await postOtlp(ports.otlp, body));
    // quiet for 1.5 s (batch timeout is 200 ms)
    let last = -1;
    while (last !== sink.requests.length) {
      last = sink.requests.length;
      await new Promise((r) => setTimeout(r, 1500));
    }
  } finally {
    await proc.stop();
    await sink.close();
  }

  const nowMarker = (ts) => (BigInt(ts) >= startedNs ? 'now' : ts);
  const out = {};
  for (const name of Object.keys(CASES)) {
    const prefix = `/${name}/`;
    out[name] = {
      loki: CASES[name].loki ?? {},
      processors: Object.fromEntries(CASES[name].processors.map((p) => [p, seed.processors[p] ?? null])),
      captures: sink.captures.filter((c) => c.path.startsWith(prefix)).map((c) => c.body.toString('base64')),
      pushes: sink.pushes
        .filter((p) => p.path.startsWith(prefix))
        .map((p) => ({
          tenant: p.tenant,
          streams: p.streams.map((s) => ({ labels: s.labels, entries: s.entries.map((e) => ({ ts: nowMarker(e.ts), line: e.line })) })),
        })),
    };
    if (name.startsWith('otel')) out[name].otlpResponses = otlpResponses;
  }
  return out;
}
