// The jaeger receiver's config rules, as otelcol-contrib v0.130.0 answers them (each case below
// was run through `otelcol-ref validate`): a bare `jaeger:` serves all four protocols, `jaeger: {}`
// is "empty config", a map without protocols is "must specify at least one protocol".

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'yaml';
import { registry } from '../../registry.js';
import { ConfigError, loadConfig } from '../../../config/load.js';
import { decodeConfig } from '../../../testing/components.js';
import { jaegerReceiverFactory } from './factory.js';
import { DecodeContext } from '../../../core/schema.js';
import { jaegerConfig, type JaegerConfig } from './config.js';

const load = (input: unknown) => decodeConfig<JaegerConfig>(jaegerReceiverFactory, input);
const NO_PROTOCOL = 'must specify at least one protocol when using the Jaeger receiver';

test('jaeger: {} is "empty config for Jaeger receiver", a decode error (the loader then skips Validate)', () => {
  for (const input of [{}, parse('{}')]) {
    const ctx = new DecodeContext();
    jaegerConfig.decode(input, ['receivers', 'jaeger'], ctx);
    assert.deepEqual(ctx.issues, [{ path: ['receivers', 'jaeger'], message: 'empty config for Jaeger receiver' }]);
  }
});

test('a bare jaeger: keeps the default config, which serves all four protocols on their default endpoints', () => {
  for (const input of [null, undefined]) {
    const { cfg, issues } = load(input);
    assert.deepEqual(issues, []);
    const p = cfg.protocols;
    assert.deepEqual(
      [p.grpc?.endpoint, p.thrift_http?.endpoint, p.thrift_compact?.endpoint, p.thrift_binary?.endpoint],
      ['0.0.0.0:14250', '0.0.0.0:14268', '0.0.0.0:6831', '0.0.0.0:6832'],
    );
    assert.equal(p.thrift_compact?.queue_size, 1000);
    assert.equal(p.thrift_http?.max_request_body_size, 20 * 1024 * 1024);
  }
});

test('any key but no protocol is Validate\'s "must specify at least one protocol"', () => {
  for (const text of ['protocols:', 'protocols: {}', 'remote_sampling: {}']) {
    assert.deepEqual(load(parse(text)).issues, [NO_PROTOCOL], text);
  }
});

test("the seed's jaeger block: thrift_compact and thrift_http only", () => {
  const seed = parse(fs.readFileSync('/work/shared/seed/otel-collector-config.yaml', 'utf8').replace(/\$\{env:[A-Z_]+\}/g, 'x')) as {
    receivers: Record<string, unknown>;
  };
  const { cfg, issues } = load(seed.receivers.jaeger);
  assert.deepEqual(issues, []);
  assert.equal(cfg.protocols.thrift_compact?.endpoint, '0.0.0.0:6831');
  assert.equal(cfg.protocols.thrift_http?.endpoint, '0.0.0.0:14268');
  assert.equal(cfg.protocols.grpc, undefined);
  assert.equal(cfg.protocols.thrift_binary, undefined);
});

const dir = mkdtempSync(join(tmpdir(), 'otelcol-jaeger-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function problems(receiver: string): Promise<string[]> {
  const p = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    p,
    `receivers:\n  jaeger:${receiver}\nexporters:\n  debug:\nservice:\n  pipelines:\n    traces:\n      receivers: [jaeger]\n      exporters: [debug]\n`,
  );
  try {
    await loadConfig({ configs: [p], registry, env: {}, cwd: dir });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.issues.map((i) => `${i.path}: ${i.message}`);
  }
  return [];
}

test('through the real loader and registry: the messages land on receivers::jaeger', async () => {
  // Only Go's message: no "must specify" after it.
  assert.deepEqual(await problems(' {}'), ['receivers::jaeger: empty config for Jaeger receiver']);
  assert.deepEqual(await problems(''), []);
  assert.deepEqual(await problems(' {protocols: {}}'), [`receivers::jaeger: ${NO_PROTOCOL}`]);
});
