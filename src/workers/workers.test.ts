// `--workers=2` as users run it: the real CLI as a process tree, real sockets, an OTLP/gRPC sink.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import * as grpc from '@grpc/grpc-js';
import { CLI, CollectorProcess, runCli } from '../testing/collector.js';
import { freePort } from '../testing/ports.js';
import { httpGet } from '../testing/http.js';
import { tempFile } from '../testing/tmp.js';
import { pbjsDecode, startOtlpGrpcServer, type Answer, type OtlpGrpcTestServer } from '../testing/otlp-backend.js';

const ENV = { OTELCOL_TS_TEST_COMPONENTS: '1' };

interface Ports {
  health: number;
  metrics: number;
  otlp: number;
}

async function ports(): Promise<Ports> {
  return { health: await freePort(), metrics: await freePort(), otlp: await freePort() };
}

function config(p: Ports, sink: number, body: { processors?: string; connectors?: string; exporter?: string; pipelines: string }): string {
  return `
extensions:
  health_check: { endpoint: 127.0.0.1:${p.health} }
receivers:
  otlp: { protocols: { http: { endpoint: 127.0.0.1:${p.otlp} } } }
processors:
  ${body.processors ?? 'batch: { timeout: 50ms }'}
${body.connectors ? `connectors:\n  ${body.connectors}` : ''}
exporters:
  otlp: { endpoint: 127.0.0.1:${sink}, tls: { insecure: true }, compression: none ${body.exporter ?? ''} }
service:
  extensions: [health_check]
  pipelines:
${body.pipelines}
  telemetry:
    metrics: { address: 127.0.0.1:${p.metrics} }
`;
}

/** One OTLP/JSON request of `names.length` spans, on a connection of its own; 0 when the connection drops. */
function post(port: number, names: string[]): Promise<number> {
  const spans = names.map((name, i) => ({ traceId: '0102030405060708090a0b0c0d0e0f10', spanId: (i + 1).toString(16).padStart(16, '0'), name }));
  const body = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/v1/traces', method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? resolve(0) : reject(err)));
    req.end(body);
  });
}

/** Sends `requests` requests of `perRequest` spans each, `concurrency` at a time; returns every name and status. */
async function sendMany(
  port: number,
  prefix: string,
  requests: number,
  perRequest: number,
  concurrency: number,
): Promise<{ names: string[]; statuses: number[] }> {
  const names: string[] = [];
  const statuses: number[] = [];
  let next = 0;
  const lane = async () => {
    while (next < requests) {
      const i = next++;
      const batch = Array.from({ length: perRequest }, (_, j) => `${prefix}-${i}-${j}`);
      names.push(...batch);
      statuses.push(await post(port, batch));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { names, statuses };
}

function sinkSpanNames(sink: OtlpGrpcTestServer): string[] {
  const out: string[] = [];
  for (const call of sink.calls) {
    const req = pbjsDecode('traces', call.body) as { resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: Array<{ name: string }> }> }> };
    for (const rs of req.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) out.push(s.name);
  }
  return out;
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Sum of every sample of `name` whose labels include `labels`. */
function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    if (Object.entries(labels).every(([k, v]) => (m[2] ?? '').includes(`${k}="${v}"`))) sum += Number(m[3]);
  }
  return sum;
}

async function scrape(p: Ports): Promise<string> {
  return (await httpGet(`http://127.0.0.1:${p.metrics}/metrics`)).body;
}

/** Process ids whose parent is `ppid` (Linux /proc). */
function childPids(ppid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid && fields[0] !== 'Z') out.push(Number(name));
    } catch {
      // gone
    }
  }
  return out;
}

function start(path: string): CollectorProcess {
  return new CollectorProcess([CLI, `--config=${path}`, '--workers=2'], ENV);
}

test('two workers share the OTLP port: every span arrives once, both serve, :8888 sums them; SIGHUP reloads all', async () => {
  const sink = await startOtlpGrpcServer();
  const p = await ports();
  const body = { pipelines: '    traces: { receivers: [otlp], processors: [batch], exporters: [otlp] }' };
  const path = tempFile('workers.yaml', config(p, sink.port, body));
  const proc = start(path);
  try {
    await proc.waitForLog(/Everything is ready/);
    assert.equal((await httpGet(`http://127.0.0.1:${p.health}/`)).status, 200);
    assert.equal(childPids(proc.child.pid!).length, 2);

    const sent = await sendMany(p.otlp, 'a', 120, 5, 24);
    assert.ok(
      sent.statuses.every((s) => s === 200),
      `statuses: ${[...new Set(sent.statuses)]}`,
    );
    await until('every span at the sink', () => sinkSpanNames(sink).length >= sent.names.length);
    const got = sinkSpanNames(sink);
    assert.equal(got.length, sent.names.length, 'no span twice');
    assert.deepEqual([...got].sort(), [...sent.names].sort());

    // The sink records a call before its answer reaches the exporter, which counts on the answer.
    await until('every span counted as sent', async () => metric(await scrape(p), 'otelcol_exporter_sent_spans', { exporter: 'otlp' }) === 600);
    const text = await scrape(p);
    assert.equal(metric(text, 'otelcol_receiver_accepted_spans', { receiver: 'otlp' }), 600);
    const w1 = metric(text, 'otelcol_worker_accepted_items', { worker: '1' });
    const w2 = metric(text, 'otelcol_worker_accepted_items', { worker: '2' });
    assert.ok(w1 > 0 && w2 > 0, `both workers served requests (${w1} / ${w2})`);
    assert.equal(w1 + w2, 600);
    assert.equal((text.match(/^otelcol_process_uptime\{/gm) ?? []).length, 1, 'one uptime: the leader');

    // An invalid config is rejected once, by the leader; the workers keep serving.
    writeFileSync(path, config(p, sink.port, body).replace('receivers: [otlp]', 'receivers: [ghost]'));
    let mark = proc.stderr.length;
    proc.signal('SIGHUP');
    await proc.waitForLog(/Configuration reload FAILED/, 15_000, mark);
    assert.equal(await post(p.otlp, ['after-bad']), 200);
    assert.equal(metric(await scrape(p), 'otelcol_config_reload_failures'), 1);
    assert.equal((proc.stderr.slice(mark).match(/Configuration reload FAILED/g) ?? []).length, 1);

    // A valid one is applied by both workers, then the leader.
    writeFileSync(path, config(p, sink.port, body).replace('timeout: 50ms', 'timeout: 20ms'));
    mark = proc.stderr.length;
    proc.signal('SIGHUP');
    await proc.waitForLog(/"msg":"Configuration reloaded/, 15_000, mark);
    // Each process writes its own log lines: a worker's may reach the pipe after the leader's.
    await until('each worker reloaded', () => (proc.stderr.slice(mark).match(/"worker":\d,[^\n]*Configuration reloaded/g) ?? []).length === 2);
    const again = await sendMany(p.otlp, 'b', 10, 2, 5);
    assert.ok(again.statuses.every((s) => s === 200));
    await until('spans after the reload', () => sinkSpanNames(sink).filter((n) => n.startsWith('b-')).length === 20);
    assert.equal(metric(await scrape(p), 'otelcol_config_reloads'), 1);

    mark = proc.stderr.length;
    assert.equal(await proc.stop(), 0);
    await until('every process logged its shutdown', () => (proc.stderr.slice(mark).match(/Shutdown complete/g) ?? []).length === 3, 2000);
  } finally {
    await proc.stop();
    await sink.close();
  }
});

test('a connector runs once, in the leader: every item passes it once; SIGTERM drains worker batches into it, then the leader', async () => {
  // A slow backend: the leader's exporter queue still holds data when the workers' batches arrive.
  const sink = await startOtlpGrpcServer(() => ({ delayMs: 100 }));
  const p = await ports();
  const path = tempFile(
    'connector.yaml',
    config(p, sink.port, {
      // The batches hold everything until the drain: only the shutdown flush can deliver it.
      processors: 'batch: { timeout: 30s, send_batch_size: 50, send_batch_max_size: 50 }',
      connectors: 'testnop:',
      exporter: ', sending_queue: { num_consumers: 1 }',
      pipelines: [
        '    traces/in: { receivers: [otlp], processors: [batch], exporters: [testnop] }',
        '    traces/out: { receivers: [testnop], exporters: [otlp] }',
      ].join('\n'),
    }),
  );
  const proc = start(path);
  try {
    await proc.waitForLog(/Everything is ready/);
    const sent = await sendMany(p.otlp, 'c', 40, 1, 40);
    assert.ok(
      sent.statuses.every((s) => s === 200),
      `statuses: ${[...new Set(sent.statuses)]}`,
    );
    await until(
      'every span waits in a worker batch',
      async () => metric(await scrape(p), 'otelcol_processor_incoming_items', { processor: 'batch' }) === 40,
    );
    assert.equal(sink.calls.length, 0);
    const mark = proc.stderr.length;
    proc.signal('SIGTERM');
    assert.equal(await proc.waitExit(), 0);
    const got = sinkSpanNames(sink);
    assert.equal(got.length, 40, 'no span twice, none lost');
    assert.deepEqual([...got].sort(), [...sent.names].sort());
    const log = proc.stderr.slice(mark);
    const leaderDone = log.lastIndexOf('"msg":"Shutdown complete.');
    assert.ok(
      log.indexOf('"worker":1,"msg":"Shutdown complete.') < leaderDone && log.indexOf('"worker":2,"msg":"Shutdown complete.') < leaderDone,
      'the workers stop before the leader',
    );
  } finally {
    await proc.stop();
    await sink.close();
  }
});

test('a refusal behind the leader reaches the client; a killed worker is restarted and serves again', async () => {
  let answer: Answer = {};
  const sink = await startOtlpGrpcServer(() => answer);
  const p = await ports();
  const path = tempFile(
    'restart.yaml',
    config(p, sink.port, {
      connectors: 'testnop:',
      exporter: ', sending_queue: { enabled: false }, retry_on_failure: { enabled: false }',
      pipelines: [
        // No batch: it answers once data is pending, so only a direct path shows the refusal.
        '    traces/in: { receivers: [otlp], exporters: [testnop] }',
        '    traces/out: { receivers: [testnop], exporters: [otlp] }',
      ].join('\n'),
    }),
  );
  const proc = start(path);
  try {
    await proc.waitForLog(/Everything is ready/);
    assert.equal(await post(p.otlp, ['ok-1']), 200);
    // The refusal's kind crosses the process boundary: permanent → 500, retryable → 503 (Go's mapping).
    answer = { error: { code: grpc.status.INVALID_ARGUMENT, details: 'no thanks' } };
    assert.equal(await post(p.otlp, ['refused']), 500);
    answer = { error: { code: grpc.status.UNAVAILABLE, details: 'later' } };
    assert.equal(await post(p.otlp, ['refused']), 503);
    answer = {};

    const [victim] = childPids(proc.child.pid!);
    assert.ok(victim);
    const mark = proc.stderr.length;
    process.kill(victim, 'SIGKILL');
    await proc.waitForLog(/Worker \d exited unexpectedly \(signal SIGKILL\); restarting it in \d+ ms/, 10_000, mark);
    await proc.waitForLog(/Worker \d restarted and ready/, 10_000, mark);
    await until('health 200 with both workers', async () => (await httpGet(`http://127.0.0.1:${p.health}/`)).status === 200);
    const pids = childPids(proc.child.pid!);
    assert.equal(pids.length, 2);
    assert.ok(!pids.includes(victim));

    const sent = await sendMany(p.otlp, 'd', 40, 1, 10);
    assert.ok(sent.statuses.every((s) => s === 200));
    await until('spans after the restart', () => sinkSpanNames(sink).filter((n) => n.startsWith('d-')).length === 40);
    const text = await scrape(p);
    assert.equal(metric(text, 'otelcol_worker_restarts'), 1);
    assert.equal(metric(text, 'otelcol_worker_ready'), 2);
    assert.equal(await proc.stop(), 0);
  } finally {
    await proc.stop();
    await sink.close();
  }
});

test('startup: config errors are reported before anything forks; a bind failure in the workers fails the start', async () => {
  const bad = tempFile('bad.yaml', 'receivers:\n  otlp:\nservice:\n  pipelines:\n    traces: { receivers: [otlp], exporters: [ghost] }\n');
  const r = runCli([`--config=${bad}`, '--workers=2'], ENV);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /references exporter "ghost" which is not configured/);
  assert.doesNotMatch(r.stderr, /worker/i);
  assert.equal(runCli([`--config=${bad}`, '--workers=0']).code, 2);

  const p = await ports();
  const taken = http.createServer();
  await new Promise<void>((resolve) => taken.listen(p.otlp, '127.0.0.1', resolve));
  try {
    const path = tempFile('busy.yaml', config(p, 1, { pipelines: '    traces: { receivers: [otlp], exporters: [otlp] }' }));
    const proc = start(path);
    const code = await proc.waitExit();
    assert.equal(code, 1);
    assert.match(proc.stderr, /failed to start receiver "otlp": listen tcp 127\.0\.0\.1:\d+: bind: address already in use/);
    assert.deepEqual(childPids(proc.child.pid!), []);
  } finally {
    await new Promise((r) => taken.close(r));
  }
});
