// dockerd's own client library, fluent-logger-golang (Debian golang-github-fluent-fluent-logger-
// golang-dev, built with the machine's Go in GOPATH mode and cached under ~/.cache/otelcol-ts), sends
// the docker log driver's record shape with RequestAck: every Post must be acked, and every record
// must arrive mapped as the Go receiver maps it. Skipped, with the reason, without Go or the package.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fluentGoSender, runFluentGoSender } from '../../../testing/fluent-logger-golang.js';
import type { Logs } from '../../../pdata/logs.js';
import { buildReceiver } from '../../../testing/components.js';
import { testHost } from '../../../testing/host.js';
import { fluentForwardReceiverFactory } from './factory.js';
import type { FluentForwardReceiver } from './fluentforward.js';

for (const subsecond of [false, true]) {
  test(`fluent-logger-golang (dockerd's library), RequestAck, ${subsecond ? 'EventTime' : 'whole seconds'}: every post acked, docker records mapped`, async (t) => {
    const bin = fluentGoSender();
    if (typeof bin !== 'string') return t.skip(bin.skip);
    const b = buildReceiver(fluentForwardReceiverFactory, { endpoint: '127.0.0.1:0' });
    await b.receiver.start(testHost());
    try {
      const addr = (b.receiver as FluentForwardReceiver).address!;
      const port = addr.slice(addr.lastIndexOf(':') + 1);
      const res = await runFluentGoSender(bin, ['-port', port, '-count', '20', ...(subsecond ? ['-subsecond'] : [])]);
      assert.equal(res.code, 0, `sender failed: ${res.stderr}`);
      assert.match(res.stdout, /sent 20/);
      const got: Array<{ body: unknown; attrs: Map<string, unknown>; time: bigint }> = [];
      for (const p of b.consumers.logs!.payloads) {
        (p as Logs).forEachLogRecord((r) =>
          got.push({ body: r.body, attrs: new Map(r.attributes.map((a) => [a.key, a.value])), time: r.timeUnixNano }),
        );
      }
      assert.equal(got.length, 20);
      got.forEach((r, i) => {
        assert.equal(r.body, `line ${i}`);
        assert.equal(r.attrs.get('fluent.tag'), 'ce13c9c828f4');
        assert.equal(r.attrs.get('container_name'), '/prometheus');
        assert.equal(r.attrs.get('container_id'), 'ce13c9c828f4b7a3d3c1e0f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f');
        assert.equal(r.attrs.get('source'), i % 2 ? 'stderr' : 'stdout');
        assert.equal(r.attrs.has('log'), false);
        const sec = 1_700_000_000n + BigInt(i);
        assert.equal(r.time, sec * 1_000_000_000n + (subsecond ? 123_456_789n : 0n));
      });
      assert.equal(got[0]!.attrs.get('partial_message'), 'true');
      assert.equal(got[0]!.attrs.get('partial_id'), 'b2f7e0a1c3d4');
      assert.equal(got[0]!.attrs.get('partial_ordinal'), '1');
      assert.equal(got[0]!.attrs.get('partial_last'), 'false');
      assert.equal(got[0]!.attrs.size, 8);
    } finally {
      await b.receiver.shutdown();
    }
  });
}
