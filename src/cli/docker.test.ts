// There is no Docker engine here, so this runs what the image would run: the Dockerfile's exact
// ENTRYPOINT followed by the compose file's exact `command`, with the container paths (/app, the
// /otel volume) mapped onto this checkout and a temporary directory.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CollectorProcess, REPO_ROOT } from '../testing/collector.js';
import { freePort } from '../testing/ports.js';
import { httpGet } from '../testing/http.js';

function entrypoint(): string[] {
  const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
  const lines = dockerfile.split('\n').filter((l) => /^ENTRYPOINT\s/.test(l));
  assert.ok(lines.length > 0, 'Dockerfile has an ENTRYPOINT');
  return JSON.parse(lines.at(-1)!.replace(/^ENTRYPOINT\s+/, '')) as string[];
}

function composeService(path: string): Record<string, unknown> {
  const doc = parse(readFileSync(path, 'utf8')) as { services: Record<string, Record<string, unknown>> };
  return doc.services['otel-collector']!;
}

test('docker-compose.yaml is the user’s stack with only the collector image changed', () => {
  const ours = parse(readFileSync(join(REPO_ROOT, 'docker-compose.yaml'), 'utf8')) as Record<string, any>;
  const seed = parse(readFileSync(join(REPO_ROOT, '../shared/seed/monitoring-docker-compose.yaml'), 'utf8')) as Record<string, any>;
  const { image: ourImage, build, ...ourRest } = ours.services['otel-collector'];
  const { image: seedImage, ...seedRest } = seed.services['otel-collector'];
  assert.equal(seedImage, 'otel/opentelemetry-collector-contrib:latest');
  assert.equal(ourImage, 'otelcol-ts:latest');
  assert.equal(build, '.');
  assert.deepEqual(ourRest, seedRest);
  delete ours.services['otel-collector'];
  delete seed.services['otel-collector'];
  assert.deepEqual(ours, seed);
});

test('the image’s ENTRYPOINT + the compose command bring the collector up', async () => {
  const ep = entrypoint();
  assert.deepEqual(ep, ['node', '/app/dist/cli.js']);
  const command = composeService(join(REPO_ROOT, 'docker-compose.yaml')).command as string[];
  assert.deepEqual(command, ['--config=/otel/otel-collector-config.yaml']);

  const volume = mkdtempSync(join(tmpdir(), 'otel-volume-'));
  const hp = await freePort();
  const mp = await freePort();
  writeFileSync(
    join(volume, 'otel-collector-config.yaml'),
    `extensions:
  health_check:
    endpoint: 127.0.0.1:${hp}
receivers:
  testnop:
exporters:
  testnop:
service:
  extensions: [health_check]
  pipelines:
    logs:
      receivers: [testnop]
      exporters: [testnop]
  telemetry:
    metrics:
      address: 127.0.0.1:${mp}
`,
  );
  const toHost = (arg: string) => arg.replace('/app/', REPO_ROOT).replace('/otel/', `${volume}/`);
  const [cmd, ...rest] = [...ep, ...command].map(toHost);
  assert.equal(cmd, 'node');
  const proc = new CollectorProcess(rest, { OTELCOL_TS_TEST_COMPONENTS: '1' });
  try {
    await proc.waitForLog(/Everything is ready/);
    assert.equal((await httpGet(`http://127.0.0.1:${hp}/`)).status, 200);
    assert.equal(await proc.stop(), 0);
  } finally {
    await proc.stop();
  }
});
