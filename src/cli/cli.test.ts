import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { CLI, CollectorProcess, runCli } from '../testing/collector.js';
import { freePort } from '../testing/ports.js';
import { httpGet } from '../testing/http.js';
import { tempFile } from '../testing/tmp.js';

const TEST_ENV = { OTELCOL_TS_TEST_COMPONENTS: '1' };

function nopConfig(healthPort: number, metricsPort: number, extra = ''): string {
  return `
extensions:
  health_check:
    endpoint: 127.0.0.1:${healthPort}
receivers:
  testnop:
exporters:
  testnop:
service:
  extensions: [health_check]
  pipelines:
    traces:
      receivers: [testnop]
      exporters: [testnop]
  telemetry:
    metrics:
      address: 127.0.0.1:${metricsPort}
${extra}`;
}

test('--version and --help print and exit 0', () => {
  const v = runCli(['--version']);
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^otelcol-ts version \d+\.\d+\.\d+/);
  const h = runCli(['--help']);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /Usage: otelcol-ts/);
  assert.match(h.stdout, /validate/);
});

test('an unknown flag is a usage error with exit code 2', () => {
  const r = runCli(['--confg=x.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown flag: --confg=x\.yaml/);
  assert.match(r.stderr, /Usage: otelcol-ts/);
});

test('no --config is an error naming the flag', () => {
  const r = runCli([]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /at least one config flag must be provided/);
});

test('components lists types with signals, stability and aliases', () => {
  const r = runCli(['components']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /buildinfo:/);
  assert.match(r.stdout, /extensions:\n(.|\n)*name: health_check/);
  assert.doesNotMatch(r.stdout, /name: testnop/, 'test-only components stay hidden');
});

test('validate reports every problem at once, by path, and exits 1', () => {
  const path = tempFile(
    'bad.yaml',
    `receivers:
  testnop:
    bogus: 1
exporters:
  testnop:
  nosuch/x:
service:
  extensions: [missing]
  pipelines:
    traces:
      receivers: [testnop, ghost]
      exporters: [testnop]
`,
  );
  const r = runCli(['validate', `--config=${path}`], TEST_ENV);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /receivers::testnop: .*has invalid keys: bogus/);
  assert.match(r.stderr, /unknown type: "nosuch" for id: "nosuch\/x"/);
  assert.match(r.stderr, /service::extensions: references extension "missing" which is not configured/);
  assert.match(r.stderr, /service::pipelines::traces: references receiver "ghost" which is not configured/);
  assert.match(r.stderr, /bad\.yaml:3:/, 'positions point into the file');
});

test('validate accepts a good config and exits 0', async () => {
  const path = tempFile('good.yaml', nopConfig(await freePort(), await freePort()));
  const r = runCli(['validate', `--config=${path}`], TEST_ENV);
  assert.equal(r.code, 0, r.stderr);
});

test('print-config redacts environment secrets unless --mode=unredacted', async () => {
  const path = tempFile(
    'secret.yaml',
    nopConfig(await freePort(), await freePort()).replace('health_check:', 'health_check:\n    path: "${env:HC_PATH}"'),
  );
  const env = { ...TEST_ENV, HC_PATH: '/s3cr3t' };
  const redacted = runCli(['print-config', `--config=${path}`], env);
  assert.equal(redacted.code, 0, redacted.stderr);
  assert.doesNotMatch(redacted.stdout, /s3cr3t/);
  assert.match(redacted.stdout, /\[REDACTED\]/);
  const clear = runCli(['print-config', '--mode=unredacted', '--format=json', `--config=${path}`], env);
  assert.equal(clear.code, 0, clear.stderr);
  assert.equal(JSON.parse(clear.stdout).extensions.health_check.path, '/s3cr3t');
});

test('an unset ${env:X} is reported with the other problems by validate and print-config, and on success', async () => {
  // The user's case: an unset variable is often what breaks the config; its warning must not vanish.
  const bad = tempFile(
    'unset.yaml',
    nopConfig(await freePort(), await freePort())
      .replace('health_check:', 'health_check:\n    path: "/x${env:HC_ENDPOINT}"')
      .replace('exporters:', 'exporters:\n  nosuch:'),
  );
  for (const cmd of ['validate', 'print-config']) {
    const r = runCli([cmd, `--config=${bad}`], TEST_ENV);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /warning: Configuration references unset environment variable "HC_ENDPOINT"/, `${cmd}: ${r.stderr}`);
    assert.match(r.stderr, /unknown type: "nosuch"/, cmd);
  }
  const good = tempFile(
    'unset-ok.yaml',
    nopConfig(await freePort(), await freePort()).replace('health_check:', 'health_check:\n    path: "/x${env:HC_SUFFIX}"'),
  );
  for (const cmd of ['validate', 'print-config']) {
    const r = runCli([cmd, `--config=${good}`], TEST_ENV);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: Configuration references unset environment variable "HC_SUFFIX"/, cmd);
  }
});

test('--set overrides a value after every --config', async () => {
  const hp = await freePort();
  const path = tempFile('set.yaml', nopConfig(await freePort(), await freePort()));
  const r = runCli(['print-config', '--format=json', `--config=${path}`, `--set=extensions.health_check.endpoint=127.0.0.1:${hp}`], TEST_ENV);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).extensions.health_check.endpoint, `127.0.0.1:${hp}`);
});

test('run: health goes 200, SIGHUP reloads a valid config and keeps running on an invalid one, SIGTERM drains and exits 0', async () => {
  const hp = await freePort();
  const mp = await freePort();
  const path = tempFile('run.yaml', nopConfig(hp, mp));
  const proc = new CollectorProcess([CLI, `--config=${path}`], TEST_ENV);
  try {
    await proc.waitForLog(/Everything is ready/);
    const health = await httpGet(`http://127.0.0.1:${hp}/`);
    assert.equal(health.status, 200);
    assert.equal(JSON.parse(health.body).status, 'Server available');

    // A valid new config: health moves to another port.
    const hp2 = await freePort();
    writeFileSync(path, nopConfig(hp2, mp));
    let mark = proc.stderr.length;
    proc.signal('SIGHUP');
    await proc.waitForLog(/Configuration reloaded/, 15_000, mark);
    assert.equal((await httpGet(`http://127.0.0.1:${hp2}/`)).status, 200);
    await assert.rejects(httpGet(`http://127.0.0.1:${hp}/`), 'the old listener is closed');

    // An invalid config: loud error, old pipelines keep running, failure counted.
    writeFileSync(path, nopConfig(hp2, mp).replace('receivers: [testnop]', 'receivers: [ghost]'));
    mark = proc.stderr.length;
    proc.signal('SIGHUP');
    await proc.waitForLog(/Configuration reload FAILED/, 15_000, mark);
    assert.match(proc.stderr.slice(mark), /references receiver \\"ghost\\" which is not configured/);
    assert.equal((await httpGet(`http://127.0.0.1:${hp2}/`)).status, 200);
    const metrics = await httpGet(`http://127.0.0.1:${mp}/metrics`);
    assert.match(metrics.body, /^otelcol_config_reload_failures(\{[^}]*\})? 1$/m);
    assert.match(metrics.body, /^otelcol_process_uptime(\{[^}]*\})? /m);

    mark = proc.stderr.length;
    const code = await proc.stop();
    assert.equal(code, 0);
    assert.match(proc.stderr.slice(mark), /Shutdown complete/);
  } finally {
    await proc.stop();
  }
});

test('a config that fails validation at startup exits 1 with the problems', () => {
  const path = tempFile('broken.yaml', 'receivers:\n  testnop:\nservice:\n  pipelines: {}\n');
  const r = runCli([`--config=${path}`], TEST_ENV);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no exporter configuration specified in config/);
});
