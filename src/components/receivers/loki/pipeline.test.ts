// The seed's `logs/loki` pipeline in a real collector process: promtail-shaped pushes into
// `loki/systemd` (the user's receiver config), the seed's own `processors:` block (batch,
// attributes/loki_systemd), the loki exporter into a Loki-protocol sink. Labels and lines must
// equal what Go produced (testdata/logs_loki.json, recorded by testdata/record.mjs); timestamps
// are the receive time, as with Go's default use_incoming_timestamp: false.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { CollectorProcess, REPO_ROOT } from '../../../testing/collector.js';
import { freePort } from '../../../testing/ports.js';
import { rawRequest } from '../../../testing/http.js';
import { waitFor } from '../../../testing/wait.js';
import { foldPushes, startLokiSink, type SinkPush } from '../../exporters/loki/testkit.js';
import { promtailBody } from '../../../shared/codec/loki/testkit.js';

const TESTDATA = path.join(REPO_ROOT, 'src/components/receivers/loki/testdata');
const SEED = '/work/shared/seed/otel-collector-config.yaml';

interface InputStream {
  labels: Record<string, string>;
  text: string;
  entries: Array<[bigint, string]>;
}

test("logs/loki: promtail → loki/systemd → batch → attributes/loki_systemd → loki equals Go's labels and lines", async () => {
  const { requests } = (await import(pathToFileURL(path.join(TESTDATA, 'inputs.mjs')).href)) as { requests: InputStream[][] };
  const golden = JSON.parse(fs.readFileSync(path.join(TESTDATA, 'logs_loki.json'), 'utf8')) as { pushes: SinkPush[] };
  const seed = YAML.parse(fs.readFileSync(SEED, 'utf8')) as { processors: Record<string, unknown>; receivers: Record<string, unknown> };
  const port = await freePort();
  const sink = await startLokiSink();
  const receiver = structuredClone(seed.receivers['loki/systemd']) as { protocols: { http: { endpoint: string } } };
  assert.equal(receiver.protocols.http.endpoint, '0.0.0.0:3100', 'the seed config this test mirrors');
  receiver.protocols.http.endpoint = `127.0.0.1:${port}`;
  const config = {
    receivers: { 'loki/systemd': receiver },
    processors: seed.processors,
    exporters: { loki: { endpoint: `${sink.url}/loki/api/v1/push` } },
    service: {
      telemetry: { metrics: { level: 'none' } },
      pipelines: { 'logs/loki': { receivers: ['loki/systemd'], processors: ['batch', 'attributes/loki_systemd'], exporters: ['loki'] } },
    },
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loki-pipeline-'));
  const cfgPath = path.join(dir, 'config.yaml');
  fs.writeFileSync(cfgPath, YAML.stringify(config));
  const proc = CollectorProcess.start([`--config=${cfgPath}`]);
  try {
    await proc.waitForLog(/Everything is ready/);
    const before = BigInt(Date.now()) * 1_000_000n;
    for (const streams of requests) {
      const body = promtailBody(streams.map((s) => ({ labels: s.text, entries: s.entries.map(([ns, line]) => ({ ns, line })) })));
      const res = await rawRequest(`http://127.0.0.1:${port}/loki/api/v1/push`, { headers: { 'Content-Type': 'application/x-protobuf' }, body });
      assert.equal(res.status, 204, res.body.toString());
    }
    const entries = (pushes: SinkPush[]) => pushes.reduce((n, p) => n + p.streams.reduce((m, s) => m + s.entries.length, 0), 0);
    await waitFor(() => entries(sink.pushes) >= entries(golden.pushes), 10_000, 'every entry at the sink');
    const after = BigInt(Date.now()) * 1_000_000n;
    const ours = foldPushes(sink.pushes);
    const go = foldPushes(golden.pushes);
    assert.deepEqual(
      ours.map((s) => ({ tenant: s.tenant, labels: s.labels, lines: s.entries.map((e) => e.line) })),
      go.map((s) => ({ tenant: s.tenant, labels: s.labels, lines: s.entries.map((e) => e.line) })),
    );
    for (const s of ours) {
      for (const e of s.entries) assert.ok(BigInt(e.ts) >= before && BigInt(e.ts) <= after, `entry time ${e.ts} is the receive time`);
    }
    // The dashboard's selector for these streams (seed-setup.md §2.7) matches the labels.
    assert.ok(ours.some((s) => s.labels === '{exporter="OTLP", source="systemd/loki", unit="sshd.service"}'));
  } finally {
    await proc.stop();
    await sink.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
