// The translation against what the Go collector (v0.130.0) sent to Loki for the same data: each
// fixture holds the OTLP batches Go's pipeline produced right before its loki exporter (captured
// by an otlphttp exporter in the same pipeline) and the push requests its loki exporter sent.
// We translate the captured batches and compare labels, lines and timestamps exactly.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Logs } from '../../../pdata/index.js';
import { logsToLokiRequests } from './encode.js';
import { encodePushRequest } from '../../../shared/codec/loki/push-encode.js';
import { snappyBlockCompress } from '../../../shared/compression/snappy.js';
import { decodePushBody, foldPushes, type SinkPush } from './testkit.js';

const TESTDATA = fileURLToPath(new URL('../../../../src/components/exporters/loki/testdata/', import.meta.url));

interface Fixture {
  loki: { default_labels_enabled?: Record<string, boolean> };
  captures: string[];
  pushes: SinkPush[];
}

const load = (name: string): Fixture => JSON.parse(fs.readFileSync(`${TESTDATA}${name}.json`, 'utf8')) as Fixture;

for (const name of ['docker', 'systemd', 'fluent_plain', 'otel', 'otel_no_default_labels']) {
  test(`${name}: our translation of Go's pipeline data equals Go's push requests`, () => {
    const fx = load(name);
    assert.ok(fx.captures.length > 0 && fx.pushes.length > 0, 'fixture has data');
    const ours: Array<Pick<SinkPush, 'tenant' | 'streams'>> = [];
    for (const b64 of fx.captures) {
      const logs = Logs.fromProto(Buffer.from(b64, 'base64'), { validate: true });
      for (const req of logsToLokiRequests(logs.resourceLogs, fx.loki.default_labels_enabled ?? {})) {
        // Through the real wire form: our protobuf + snappy, read back by protobufjs.
        const body = snappyBlockCompress(encodePushRequest(req.streams));
        ours.push({ tenant: req.tenant, streams: decodePushBody(body) });
      }
    }
    const got = foldPushes(ours);
    const want = foldPushes(fx.pushes);
    assert.deepEqual(
      got.map((s) => s.tenant + ' ' + s.labels),
      want.map((s) => s.tenant + ' ' + s.labels),
    );
    for (let i = 0; i < want.length; i++) assert.deepEqual(got[i]!.entries, want[i]!.entries, `${want[i]!.tenant} ${want[i]!.labels}`);
  });
}

test('the seed dashboard reads the fields it queries from the docker and systemd lines', () => {
  const docker = foldPushes(load('docker').pushes);
  const prom = docker.find((s) => s.labels === '{container_name="prometheus", exporter="OTLP", source="docker"}');
  assert.ok(prom, 'docker stream selected by {source="docker", container_name=~"prometheus"}');
  const line = JSON.parse(prom.entries[0]!.line) as { body: string; attributes: Record<string, string> };
  assert.equal(typeof line.body, 'string');
  assert.equal(line.attributes['fluent.tag'], 'ce13c9c828f4');
  const systemd = foldPushes(load('systemd').pushes);
  const events = systemd.find((s) => s.labels === '{exporter="OTLP", fluent_tag="journal.docker-events.service", source="systemd"}');
  assert.ok(events);
  const ev = JSON.parse(events.entries[0]!.line) as { body?: unknown; attributes: Record<string, string> };
  assert.equal(ev.body, undefined, 'journald records have no body');
  assert.equal((JSON.parse(ev.attributes.MESSAGE!) as { Actor: { Attributes: { name: string } } }).Actor.Attributes.name, 'prometheus');
  assert.equal(ev.attributes._SYSTEMD_UNIT, 'docker-events.service');
});
