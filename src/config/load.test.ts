import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type LoadOptions } from './load.js';
import { testRegistry } from './test-factories.js';

const SEED_DIR = fileURLToPath(new URL('../../../shared/seed/', import.meta.url));
const TESTDATA = fileURLToPath(new URL('../../src/config/testdata/', import.meta.url));
const SEED_ENV = { GRAFANA_CLOUD_KEY: 'glc_key', GRAFANA_CLOUD_LOKI_URL: 'https://1:k@logs.example/loki/api/v1/push', LIGHTSTEP_TOKEN: 'ls-token' };

const dir = mkdtempSync(join(tmpdir(), 'otelcol-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function file(text: string): string {
  const p = join(dir, `c${n++}.yaml`);
  writeFileSync(p, text);
  return p;
}

function load(configs: string[], extra: Partial<LoadOptions> = {}) {
  return loadConfig({ configs, registry: testRegistry(), env: {}, cwd: dir, ...extra });
}

const MINIMAL = `receivers:
  otlp:
    protocols:
      grpc:
exporters:
  debug:
service:
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [debug]
`;

for (const name of ['otel-collector-config.yaml', 'otel-collector-config.2023-07-23.yaml']) {
  test(`seed ${name} loads unchanged`, async () => {
    const cfg = await loadConfig({ configs: [`--config=${name}`.slice('--config='.length)], cwd: SEED_DIR, env: SEED_ENV, registry: testRegistry() });
    assert.deepEqual([...cfg.receivers.keys()], ['otlp', 'jaeger', 'fluentforward/docker', 'fluentforward/systemd', 'loki/systemd']);
    assert.deepEqual([...cfg.extensions.keys()], ['health_check', 'pprof', 'zpages', 'basicauth/otlp']);
    assert.equal(cfg.exporters.size, name.includes('2023') ? 9 : 8);
    assert.equal(cfg.connectors.size, name.includes('2023') ? 1 : 0);
    assert.deepEqual(cfg.service.extensions, ['health_check', 'pprof', 'zpages', 'basicauth/otlp']);
    assert.deepEqual(
      cfg.service.pipelines.map((p) => p.id),
      ['traces/jaeger', 'traces/otlp', 'logs/docker', 'logs/systemd', 'logs/loki', 'logs/otel', ...(name.includes('2023') ? ['metrics/count'] : [])],
    );
    assert.deepEqual(cfg.service.pipelines[2], {
      id: 'logs/docker',
      signal: 'logs',
      receivers: ['fluentforward/docker'],
      processors: ['batch', 'attributes/fluent_docker'],
      exporters: name.includes('2023') ? ['loki', 'loki/grafanacloud', 'count'] : ['loki', 'loki/grafanacloud'],
    });
    // Weak typing: the YAML int username is the string "447801".
    assert.deepEqual(cfg.extensions.get('basicauth/otlp')!.cfg.client_auth, { username: '447801', password: 'glc_key' });
    // Present-but-null protocols are enabled with defaults; absent ones stay off.
    assert.deepEqual(cfg.receivers.get('otlp')!.cfg.protocols.grpc, { endpoint: '0.0.0.0:4317', max_recv_msg_size_mib: 0 });
    assert.equal(cfg.exporters.get('otlp/ls')!.cfg.headers['lightstep-access-token'], 'ls-token');
    assert.equal(cfg.exporters.get('loki/grafanacloud')!.cfg.endpoint, SEED_ENV.GRAFANA_CLOUD_LOKI_URL);
    assert.equal(cfg.exporters.get('file')!.cfg.flush_interval, 1000);
    assert.equal(cfg.processors.get('batch')!.cfg.timeout, 200);
    const logging = cfg.exporters.get('logging/info')!;
    assert.equal(logging.factory.type, 'debug');
    assert.equal(logging.type, 'logging');
    assert.equal(logging.deprecatedName, 'logging');
    assert.deepEqual(cfg.warnings, ['"logging" is a deprecated alias of "debug"; use "debug" instead']);
    assert.deepEqual(cfg.sources, [name]);
    assert.deepEqual([...cfg.secrets].sort(), [
      'exporters::loki/grafanacloud::endpoint',
      'exporters::otlp/ls::headers::lightstep-access-token',
      'extensions::basicauth/otlp::client_auth::password',
    ]);
  });
}

test('printable: defaults filled in, Go duration spelling, secrets redacted only on request', async () => {
  const cfg = await loadConfig({ configs: ['otel-collector-config.yaml'], cwd: SEED_DIR, env: SEED_ENV, registry: testRegistry() });
  const red = cfg.printable(true) as any;
  assert.equal(red.exporters['otlp/ls'].headers['lightstep-access-token'], '[REDACTED]');
  assert.equal(red.exporters['loki/grafanacloud'].endpoint, '[REDACTED]');
  assert.equal(red.extensions['basicauth/otlp'].client_auth.password, '[REDACTED]');
  assert.equal(red.extensions['basicauth/otlp'].client_auth.username, '447801');
  assert.equal(red.processors.batch.timeout, '200ms');
  assert.equal(red.exporters.file.flush_interval, '1s');
  assert.equal(red.extensions.pprof.endpoint, 'localhost:1777');
  assert.deepEqual(red.service.pipelines['traces/otlp'], {
    receivers: ['otlp'],
    processors: ['batch'],
    exporters: ['otlp/jaeger', 'otlphttp/grafanacloud', 'otlp/ls'],
  });
  assert.equal(red.service.telemetry.metrics.address, '0.0.0.0:8888');
  assert.equal(red.connectors, undefined);
  assert.equal(cfg.exporters.get('otlp/ls')!.cfg.headers['lightstep-access-token'], 'ls-token');
  const plain = cfg.printable(false) as any;
  assert.equal(plain.exporters['otlp/ls'].headers['lightstep-access-token'], 'ls-token');
  assert.equal(plain.extensions['basicauth/otlp'].client_auth.password, 'glc_key');
});

test('unset seed variables: empty strings and one warning each', async () => {
  await assert.rejects(
    loadConfig({ configs: ['otel-collector-config.yaml'], cwd: SEED_DIR, env: {}, registry: testRegistry() }),
    (err: ConfigError) => {
      // Go behaves the same: the loki exporter refuses an empty endpoint.
      assert.deepEqual(
        err.issues.map((i) => [i.path, i.message, i.where]),
        [['exporters::loki/grafanacloud::endpoint', '"endpoint" must be a valid URL', 'otel-collector-config.yaml:99:5']],
      );
      return true;
    },
  );
  const cfg = await loadConfig({
    configs: ['otel-collector-config.yaml'],
    sets: ['exporters.loki/grafanacloud.endpoint=http://l:3100'],
    cwd: SEED_DIR,
    env: {},
    registry: testRegistry(),
  });
  assert.equal(cfg.extensions.get('basicauth/otlp')!.cfg.client_auth.password, '');
  // Expansion runs after merging, so the endpoint --set replaced is never looked up.
  assert.deepEqual(
    cfg.warnings.filter((w) => w.includes('environment')),
    [
      'Configuration references unset environment variable "GRAFANA_CLOUD_KEY"',
      'Configuration references unset environment variable "LIGHTSTEP_TOKEN"',
    ],
  );
});

test('weak typing: durations, sizes, bools and ints from strings and numbers', async () => {
  const cfg = await load([
    file(`receivers:
  otlp:
    protocols:
      grpc:
        max_recv_msg_size_mib: "16"
      http:
        max_request_body_size: 4MiB
processors:
  batch:
    timeout: 5m
    send_batch_size: "100"
  batch/b:
    timeout: 1s
exporters:
  otlp:
    endpoint: 4317
    tls:
      insecure: "true"
    timeout: 1500ms
service:
  pipelines:
    traces:
      receivers: otlp
      processors: [batch]
      exporters: [otlp]
`),
  ]);
  assert.equal(cfg.processors.get('batch')!.cfg.timeout, 300_000);
  assert.equal(cfg.processors.get('batch')!.cfg.send_batch_size, 100);
  assert.equal(cfg.processors.get('batch/b')!.cfg.timeout, 1000);
  assert.equal(cfg.receivers.get('otlp')!.cfg.protocols.grpc.max_recv_msg_size_mib, 16);
  assert.equal(cfg.receivers.get('otlp')!.cfg.protocols.http.max_request_body_size, 4 * 1024 * 1024);
  const otlp = cfg.exporters.get('otlp')!.cfg;
  assert.equal(otlp.endpoint, '4317');
  assert.equal(otlp.tls.insecure, true);
  assert.equal(otlp.timeout, 1500);
  assert.deepEqual(cfg.service.pipelines[0]!.receivers, ['otlp']);
});

test('env values keep their raw text in string fields and are typed elsewhere', async () => {
  const cfg = await load(
    [
      file(
        'receivers:\n  otlp:\n    protocols: {grpc: {endpoint: "0.0.0.0:${env:PORT}", max_recv_msg_size_mib: "${env:MIB}"}}\nexporters:\n  otlp:\n    endpoint: ${env:ZIP}\n    timeout: ${TIMEOUT:-2s}\nservice:\n  pipelines: {traces: {receivers: [otlp], exporters: [otlp]}}\n',
      ),
    ],
    { env: { PORT: '4317', MIB: '8', ZIP: '0123' } },
  );
  assert.equal(cfg.receivers.get('otlp')!.cfg.protocols.grpc.endpoint, '0.0.0.0:4317');
  assert.equal(cfg.receivers.get('otlp')!.cfg.protocols.grpc.max_recv_msg_size_mib, 8);
  assert.equal(cfg.exporters.get('otlp')!.cfg.endpoint, '0123');
  assert.equal(cfg.exporters.get('otlp')!.cfg.timeout, 2000);
  assert.ok(cfg.secrets.has('receivers::otlp::protocols::grpc::endpoint'));
  assert.ok(!cfg.secrets.has('exporters::otlp::timeout'));
});

test('number kinds: typed fields read plain numbers; the attributes `value` keeps int vs float (Go: int / float64)', async () => {
  const cfg = await load(
    [
      file(`receivers:
  otlp:
    protocols: {grpc: {max_recv_msg_size_mib: 16.0}}
processors:
  batch:
    send_batch_size: 1e3
    timeout: 2.0
  attributes:
    actions:
      - {action: insert, key: f, value: 1.0}
      - {action: insert, key: i, value: 2}
      - {action: insert, key: big, value: 9007199254740993}
      - {action: insert, key: e, value: 1e3}
      - {action: insert, key: nested, value: [1, 1.0, {x: 3.0}]}
      - action: insert
        key: env_f
        value: \${env:F}
      - action: insert
        key: env_i
        value: \${env:I}
exporters:
  otlp:
    endpoint: 1.0
service:
  pipelines: {traces: {receivers: [otlp], processors: [batch, attributes], exporters: [otlp]}}
`),
    ],
    { env: { F: '4.0', I: '4' } },
  );
  assert.equal(cfg.receivers.get('otlp')!.cfg.protocols.grpc.max_recv_msg_size_mib, 16);
  assert.equal(cfg.processors.get('batch')!.cfg.send_batch_size, 1000);
  assert.equal(cfg.processors.get('batch')!.cfg.timeout, 2 / 1e6);
  assert.equal(cfg.exporters.get('otlp')!.cfg.endpoint, '1');
  const values = (cfg.processors.get('attributes')!.cfg.actions as Array<{ value: unknown }>).map((a) => a.value);
  assert.deepStrictEqual(values, [1, 2n, 9007199254740993n, 1000, [1n, 1, { x: 3 }], 4, 4n]);
  // print-config looks as before: plain numbers (JSON output cannot hold a bigint).
  const printed = (cfg.printable(false) as any).processors.attributes.actions.map((a: { value: unknown }) => a.value);
  assert.deepStrictEqual(printed, [1, 2, 9007199254740992, 1000, [1, 1, { x: 3 }], 4, 4]);
  assert.doesNotThrow(() => JSON.stringify(cfg.printable(false)));
});

test('several configs merge in order; --set wins; a null section in a later file wipes the earlier one', async () => {
  const cfg = await loadConfig({
    configs: ['base.yaml', 'override.yaml'],
    sets: ['processors.batch.timeout=2s', 'service.pipelines.traces.exporters=[debug, otlp/out]'],
    cwd: TESTDATA,
    env: {},
    registry: testRegistry(),
  });
  assert.equal(cfg.processors.get('batch')!.cfg.timeout, 2000);
  assert.deepEqual(cfg.service.pipelines[0]!.exporters, ['debug', 'otlp/out']);
  assert.deepEqual(cfg.sources, [
    'base.yaml',
    'override.yaml',
    '--set processors.batch.timeout=2s',
    '--set service.pipelines.traces.exporters=[debug, otlp/out]',
  ]);

  await assert.rejects(
    loadConfig({ configs: ['base.yaml', 'yaml:processors:'], cwd: TESTDATA, env: {}, registry: testRegistry() }),
    (err: ConfigError) => {
      assert.deepEqual(
        err.issues.map((i) => `${i.path}: ${i.message}`),
        ['service::pipelines::traces: references processor "batch" which is not configured'],
      );
      assert.equal(err.issues[0]!.where, 'base.yaml:15:20');
      return true;
    },
  );
});

test('a minimal config loads; null component values mean defaults', async () => {
  const cfg = await load([file(MINIMAL)]);
  assert.equal(cfg.exporters.get('debug')!.cfg.verbosity, 'basic');
  assert.equal(cfg.receivers.get('otlp')!.cfg.protocols.http, undefined);
  assert.deepEqual(cfg.warnings, []);
  assert.deepEqual(cfg.secrets, new Set());
});
