// The user's config, end to end: ../shared/seed/otel-collector-config.yaml runs as a real process,
// the file untouched. Only the exporter endpoints are overridden with --set (the seed's are LAN
// and SaaS addresses), the ${env:…} values come from the environment as docker-compose's env_file
// gives them, and NODE_EXTRA_CA_CERTS lets the LightStep exporter (TLS with system roots, as in
// the seed) trust the local stand-in. Every client of seed-setup.md §2 sends at once; each
// backend must get what the Go collector would have sent, nothing twice, nothing lost on SIGTERM.
//
// The receivers bind the seed's fixed ports (4317, 4318, 14268, 6831, 8006, 8007, 3100, 13133,
// 55679, 1777, 8888), so scripts/run-tests.mjs runs *.e2e.test.js files alone, after the rest.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CollectorProcess, REPO_ROOT } from '../testing/collector.js';
import { fluentGoSender, runFluentGoSender } from '../testing/fluent-logger-golang.js';
import { makeTestCerts, type TestCerts } from '../testing/certs.js';
import { waitFor } from '../testing/wait.js';
import { httpGet } from '../testing/http.js';
import { startSeedBackends, grpcSpans, httpSpans, httpLogs, lokiLines, duplicates, type SeedBackends, type LokiLine } from './backends.js';
import { sendFluentBitForward, sendPromtailPush } from './clients.js';
import { traefikLikeTracer, closeTracer } from '../components/receivers/jaeger/testkit.js';
import { makeSpans, makeLogs, sdkExporter, sdkExport } from '../components/receivers/otlp/sdk-fixtures.js';

const require = createRequire(import.meta.url);
const SEED = join(REPO_ROOT, '..', 'shared', 'seed', 'otel-collector-config.yaml');
const CLOUD_KEY = 'glc_cloud-key-secret';
const LOKI_PASSWORD = 'loki@pass/secret';
const LS_TOKEN = 'ls-token-secret';
const CID = 'ce13c9c828f4a8f1c0b7e0a1f83d6d2b9a7f52e4d1c0b9a8f7e6d5c4b3a29180';

const hasRubyJaeger = spawnSync('ruby', ['-e', "require 'jaeger/client'"], { stdio: 'ignore' }).status === 0;

let certs: TestCerts;
let backends: SeedBackends;
let proc: CollectorProcess;

before(async () => {
  assert.ok(existsSync(SEED), `the seed config is expected at ${SEED}`);
  certs = makeTestCerts()!;
  assert.ok(certs, 'openssl is needed to make the LightStep stand-in certificate');
  backends = await startSeedBackends(certs);
  const grafanaLokiUrl = `http://447801:${encodeURIComponent(LOKI_PASSWORD)}@127.0.0.1:${backends.grafanaLoki.port}/loki/api/v1/push`;
  proc = CollectorProcess.start(
    [
      `--config=${SEED}`,
      `--set=exporters.otlp/jaeger.endpoint=127.0.0.1:${backends.jaeger.port}`,
      `--set=exporters.otlp/ls.endpoint=localhost:${backends.lightstep.port}`,
      `--set=exporters.otlphttp/grafanacloud.endpoint=${backends.grafanaOtlp.url}`,
      `--set=exporters.loki.endpoint=${backends.loki.url}/loki/api/v1/push`,
    ],
    {
      GRAFANA_CLOUD_KEY: CLOUD_KEY,
      GRAFANA_CLOUD_LOKI_URL: grafanaLokiUrl,
      LIGHTSTEP_TOKEN: LS_TOKEN,
      NODE_EXTRA_CA_CERTS: certs.caFile,
    },
  );
  await proc.waitForLog(/Everything is ready/, 20_000);
});

after(async () => {
  if (proc) await proc.stop();
  await backends?.close();
  certs?.cleanup();
});

const goSender = fluentGoSender();

/**
 * dockerd's fluentd driver: fluent-logger-golang (what dockerd links) posting `count` records of
 * the driver's shape, `log: "line <i>"`, tag = the container's short id, every post acked. Where
 * Go or the Debian package is missing, the npm fluent-logger sends the same shape and the test
 * says so in its diagnostics.
 */
async function sendDocker(count: number, t: { diagnostic(m: string): void }): Promise<void> {
  if (typeof goSender === 'string') {
    const res = await runFluentGoSender(goSender, ['-port', '8006', '-count', String(count)]);
    assert.equal(res.code, 0, `fluent-logger-golang sender failed: ${res.stderr}`);
    return;
  }
  t.diagnostic(`dockerd's Go client unavailable (${goSender.skip}); sending with the npm fluent-logger`);
  await sendDockerNpm(Array.from({ length: count }, (_, i) => dockerRecord(`line ${i}`, i % 2 ? 'stderr' : 'stdout')));
}

async function sendDockerNpm(records: ReadonlyArray<Record<string, unknown>>, port = 8006): Promise<void> {
  const { createFluentSender } = require('fluent-logger') as {
    createFluentSender(
      tag: string,
      o: Record<string, unknown>,
    ): {
      emit(data: object, ts: number, cb: (err?: Error) => void): void;
      end(): void;
    };
  };
  const sender = createFluentSender(CID.slice(0, 12), { host: '127.0.0.1', port, requireAckResponse: true, ackResponseTimeout: 10_000 });
  try {
    await Promise.all(records.map((r, i) => new Promise<void>((res, rej) => sender.emit(r, 1686823200 + i, (e) => (e ? rej(e) : res())))));
  } finally {
    sender.end();
  }
}

function dockerRecord(log: string, source = 'stdout'): Record<string, unknown> {
  return { container_id: CID, container_name: '/prometheus', source, log };
}

test('the seed config starts as it is, with health, zpages and self-metrics on the 2023 ports', async () => {
  assert.equal((await httpGet('http://127.0.0.1:13133/')).status, 200);
  assert.equal((await httpGet('http://127.0.0.1:55679/debug/servicez')).status, 200);
  assert.match((await httpGet('http://127.0.0.1:8888/metrics')).body, /otelcol_process_uptime/);
  assert.doesNotMatch(proc.stderr, new RegExp([CLOUD_KEY, LS_TOKEN, 'pass/secret', 'pass%2Fsecret'].join('|')), 'no secret in the logs');
});

test('every client at once: each backend gets what the Go collector would send, once', async (t) => {
  const tracer = traefikLikeTracer({ collectorEndpoint: 'http://127.0.0.1:14268/api/traces' }, 'traefik');
  const span = tracer.startSpan('traefik-entrypoint');
  span.setTag('span.kind', 'server');
  span.setTag('http.status_code', 502);
  span.finish();
  const sdkSpans = makeSpans();
  const ruby = hasRubyJaeger
    ? spawnSync(
        'ruby',
        [
          '-e',
          "require 'logger'; require 'jaeger/client'; t = Jaeger::Client.build(service_name: 'udp-compact', host: '127.0.0.1', port: 6831, flush_interval: 0.05, logger: Logger.new(nil)); t.start_span('compact-span').finish; sleep 0.5",
        ],
        { encoding: 'utf8', timeout: 20_000 },
      )
    : undefined;
  if (ruby) assert.equal(ruby.status, 0, ruby.stderr);
  const [, , , promtailStatus] = await Promise.all([
    closeTracer(tracer),
    sendDocker(2, t),
    sendFluentBitForward(
      8007,
      'journal.sshd.service',
      [
        {
          sec: 1686823300,
          nsec: 5,
          record: { _SYSTEMD_UNIT: 'sshd.service', MESSAGE: 'Accepted publickey for root', PRIORITY: '6', _HOSTNAME: 'nixos' },
        },
        { sec: 1686823301, nsec: 7, record: { _SYSTEMD_UNIT: 'sshd.service', MESSAGE: 'session closed', PRIORITY: '6', _HOSTNAME: 'nixos' } },
      ],
      'chunk-1',
    ),
    sendPromtailPush(3100, '{host="nixos", job="systemd-journal", unit="nginx.service"}', ['nginx started', 'nginx reloaded']),
    sdkExport(sdkExporter('traces', 'grpc', { grpc: '127.0.0.1:4317', http: '127.0.0.1:4318' }), sdkSpans),
    sdkExport(sdkExporter('logs', 'grpc', { grpc: '127.0.0.1:4317', http: '127.0.0.1:4318' }), makeLogs(sdkSpans)),
  ]);
  assert.equal(promtailStatus, 204);

  const traceNames = ['traefik-entrypoint', ...sdkSpans.map((s) => s.name), ...(ruby ? ['compact-span'] : [])];
  const haveAll = (names: string[]) => traceNames.every((n) => names.includes(n));
  await waitFor(() => haveAll(grpcSpans(backends.jaeger).map((s) => s.name)), 10_000, 'all spans at jaeger');
  await waitFor(() => haveAll(grpcSpans(backends.lightstep).map((s) => s.name)), 10_000, 'all spans at lightstep');
  await waitFor(() => haveAll(httpSpans(backends.grafanaOtlp).map((s) => s.name)), 10_000, 'all spans at grafana cloud');
  const traefik = grpcSpans(backends.jaeger).find((s) => s.name === 'traefik-entrypoint')!;
  assert.equal(traefik.service, 'traefik');
  assert.match(traefik.spanId, /^[0-9a-f]{16}$/);
  for (const spans of [grpcSpans(backends.jaeger), grpcSpans(backends.lightstep), httpSpans(backends.grafanaOtlp)]) {
    assert.deepEqual(
      duplicates(spans, (s) => s.spanId),
      [],
      'no span twice',
    );
  }
  const lsCall = backends.lightstep.calls[0]!;
  assert.deepEqual(lsCall.metadata.get('lightstep-access-token'), [LS_TOKEN]);
  const grafanaAuth = backends.grafanaOtlp.calls[0]!.headers.authorization;
  assert.equal(grafanaAuth, `Basic ${Buffer.from(`447801:${CLOUD_KEY}`).toString('base64')}`, 'basicauth/otlp with the weakly typed username');

  // Logs: logs/docker and logs/systemd go to both Loki exporters, logs/loki and logs/otel to the
  // local Loki and Grafana Cloud OTLP.
  const want = { docker: 2, systemd: 2, promtail: 2, otel: makeLogs(sdkSpans).length };
  const bySource = (lines: LokiLine[], source: string) => lines.filter((l) => l.labels.source === source);
  await waitFor(
    () => {
      const l = lokiLines(backends.loki);
      return (
        bySource(l, 'docker').length >= want.docker &&
        bySource(l, 'systemd').length >= want.systemd &&
        bySource(l, 'systemd/loki').length >= want.promtail
      );
    },
    10_000,
    'docker, systemd and promtail lines at the local Loki',
  );
  await waitFor(() => lokiLines(backends.grafanaLoki).length >= want.docker + want.systemd, 10_000, 'docker and systemd lines at Grafana Cloud Loki');
  await waitFor(() => httpLogs(backends.grafanaOtlp).length >= want.promtail + want.otel, 10_000, 'promtail and SDK logs at Grafana Cloud OTLP');

  const local = lokiLines(backends.loki);
  const docker = bySource(local, 'docker');
  assert.equal(docker.length, want.docker);
  // What v0.130 produces for a docker record (issue 9; the loki exporter's golden fixtures).
  assert.deepEqual(docker[0]!.labels, { container_name: 'prometheus', exporter: 'OTLP', source: 'docker' });
  const dockerLines = docker.map((d) => JSON.parse(d.line) as { body: string; attributes: Record<string, unknown> });
  assert.deepEqual(dockerLines.map((d) => d.body).sort(), ['line 0', 'line 1']);
  for (const d of dockerLines) assert.equal(d.attributes['fluent.tag'], CID.slice(0, 12));
  assert.equal(docker[0]!.line.startsWith('{"body":'), true, 'Go orders body before attributes');

  const systemd = bySource(local, 'systemd');
  assert.equal(systemd.length, want.systemd);
  assert.deepEqual(systemd[0]!.labels, { exporter: 'OTLP', fluent_tag: 'journal.sshd.service', source: 'systemd' });
  const sysLine = JSON.parse(systemd[0]!.line) as Record<string, unknown>;
  assert.equal('body' in sysLine, false, 'journald records have no log/message key, so no body');
  assert.equal((sysLine.attributes as Record<string, unknown>).MESSAGE !== undefined, true);
  assert.deepEqual(systemd.map((s) => s.ts).sort(), ['1686823300000000005', '1686823301000000007'], 'EventTime kept to the nanosecond');

  const promtail = bySource(local, 'systemd/loki');
  assert.equal(promtail.length, want.promtail);
  assert.deepEqual(promtail[0]!.labels, { exporter: 'OTLP', source: 'systemd/loki', unit: 'nginx.service' });

  // The dashboard's selectors (seed-setup.md §2.7) select these streams.
  assert.ok(local.some((l) => l.labels.container_name === 'prometheus' && l.labels.source === 'docker'));

  const cloud = lokiLines(backends.grafanaLoki);
  assert.equal(cloud.length, want.docker + want.systemd, 'only logs/docker and logs/systemd go to loki/grafanacloud');
  const cloudAuth = backends.grafanaLoki.requests[0]!.headers.authorization;
  assert.equal(
    cloudAuth,
    `Basic ${Buffer.from(`447801:${LOKI_PASSWORD}`).toString('base64')}`,
    'user-info of GRAFANA_CLOUD_LOKI_URL, percent-decoded',
  );

  for (const lines of [local, cloud])
    assert.deepEqual(
      duplicates(lines, (l) => `${JSON.stringify(l.labels)} ${l.ts} ${l.line}`),
      [],
      'no line twice',
    );
  assert.equal(httpLogs(backends.grafanaOtlp).length, want.promtail + want.otel);
});

test('SIGTERM: every record the collector acknowledged reaches both Loki backends', async (t) => {
  const before = { local: lokiLines(backends.loki).length, cloud: lokiLines(backends.grafanaLoki).length };
  const n = 300;
  await sendDocker(n, t);
  const code = await proc.stop(20_000);
  assert.equal(code, 0, proc.stderr.slice(-2000));
  const burst = (lines: LokiLine[]) => lines.filter((l) => l.labels.source === 'docker');
  const local = burst(lokiLines(backends.loki).slice(before.local));
  const cloud = burst(lokiLines(backends.grafanaLoki).slice(before.cloud));
  assert.equal(local.length, n, 'local Loki got every acknowledged record');
  assert.equal(cloud.length, n, 'Grafana Cloud Loki got every acknowledged record');
  assert.deepEqual(
    duplicates(local, (l) => l.line),
    [],
  );
});
