// The seed's log pipelines end to end in our collector process, against the Go collector's
// golden fixtures: the same config (the seed's own `processors:` block, a loki exporter per
// pipeline pointed at a Loki-protocol sink), the same inputs over real sockets (msgpack Forward
// protocol to fluentforward, OTLP/JSON to otlp), and the push requests compared with what Go sent:
// label sets exactly, lines byte for byte, timestamps exactly.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { registry } from '../../registry.js';
import { CLI } from '../../../testing/collector.js';
import { foldPushes, type SinkPush } from './testkit.js';

const TESTDATA = fileURLToPath(new URL('../../../../src/components/exporters/loki/testdata/', import.meta.url));

interface CaseResult {
  pushes: SinkPush[];
}

test('logs/docker, logs/systemd, logs/otel and friends: our collector sends what Go v0.130 sent', async (t) => {
  for (const [kind, type] of [
    ['receiver', 'fluentforward'],
    ['processor', 'attributes'],
  ] as const) {
    if (!registry.names(kind).includes(type)) return t.skip(`the ${type} ${kind} is not registered yet`);
  }
  const harness = (await import(`${TESTDATA}harness.mjs`)) as {
    CASES: Record<string, unknown>;
    runPipelines(command: string, args: string[], env?: Record<string, string>): Promise<Record<string, CaseResult>>;
  };
  const ours = await harness.runPipelines(process.execPath, [CLI]);
  for (const name of Object.keys(harness.CASES)) {
    const go = JSON.parse(fs.readFileSync(`${TESTDATA}${name}.json`, 'utf8')) as CaseResult;
    const want = foldPushes(go.pushes);
    const got = foldPushes(ours[name]!.pushes);
    assert.deepEqual(
      got.map((s) => `${s.tenant} ${s.labels}`),
      want.map((s) => `${s.tenant} ${s.labels}`),
      `${name}: tenants and label sets`,
    );
    for (let i = 0; i < want.length; i++) {
      assert.deepEqual(got[i]!.entries, want[i]!.entries, `${name}: ${want[i]!.tenant} ${want[i]!.labels}`);
    }
  }
});
