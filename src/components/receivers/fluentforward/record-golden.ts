// Re-records testdata/golden/ from the real Go collector (otelcol-ref v0.130.0, built by
// bench/reference/build.sh): each case of golden-inputs.ts is written on one TCP connection to
// Go's fluentforward receiver, and Go's otlphttp exporter (JSON) delivers the logs to a sink
// here. Written per case: `<case>.msgpack` (the exact bytes sent) and `<case>.otlp.json` (Go's
// log records, merged across however many exports Go made, in arrival order). Tests read only
// these files; they never need Go.
//
//   npx tsc -p tsconfig.json && node dist/components/receivers/fluentforward/record-golden.js [path/to/otelcol-ref]

import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../testing/ports.js';
import { OtlpJsonSink, referenceCollectorPath, startCollector } from '../../../testing/reference-collector.js';
import { waitFor } from '../../../testing/wait.js';
import { GOLDEN_CASES, GOLDEN_RECORD_COUNTS } from './golden-inputs.js';

const OUT = fileURLToPath(new URL('../../../../src/components/receivers/fluentforward/testdata/golden/', import.meta.url));

interface OtlpLogsJson {
  resourceLogs?: Array<{ resource?: Record<string, unknown>; scopeLogs?: Array<{ scope?: Record<string, unknown>; logRecords?: unknown[] }> }>;
}

/** The log records of the posts from `from` on, which must carry no resource or scope. */
function recordsSince(sink: OtlpJsonSink, from: number): unknown[] {
  const records: unknown[] = [];
  for (const post of sink.posts.slice(from)) {
    const body = JSON.parse(post.body) as OtlpLogsJson;
    for (const rl of body.resourceLogs ?? []) {
      if (rl.resource && Object.keys(rl.resource).length) throw new Error(`Go set a resource: ${JSON.stringify(rl.resource)}`);
      for (const sl of rl.scopeLogs ?? []) {
        if (sl.scope && Object.keys(sl.scope).length) throw new Error(`Go set a scope: ${JSON.stringify(sl.scope)}`);
        records.push(...(sl.logRecords ?? []));
      }
    }
  }
  return records;
}

async function main(): Promise<void> {
  const sink = new OtlpJsonSink();
  const sinkUrl = await sink.start();
  const port = await freePort();
  const config = {
    receivers: { fluentforward: { endpoint: `127.0.0.1:${port}` } },
    exporters: { otlphttp: OtlpJsonSink.exporter(sinkUrl) },
    service: { telemetry: { metrics: { level: 'none' } }, pipelines: { logs: { receivers: ['fluentforward'], exporters: ['otlphttp'] } } },
  };
  const go = await startCollector({ command: referenceCollectorPath(process.argv[2]), config });
  try {
    mkdirSync(OUT, { recursive: true });
    for (const [name, frames] of Object.entries(GOLDEN_CASES)) {
      const from = sink.posts.length;
      const bytes = Buffer.concat(frames);
      writeFileSync(join(OUT, `${name}.msgpack`), bytes);
      const sock = connect(port, '127.0.0.1');
      sock.on('data', () => undefined); // Go's acks
      await new Promise<void>((r, j) => (sock.once('connect', r), sock.once('error', j)));
      // One write per frame, as real senders do.
      for (const f of frames) sock.write(f);
      const want = GOLDEN_RECORD_COUNTS[name]!;
      await waitFor(() => recordsSince(sink, from).length >= want, 5_000, `${name}: Go emitting ${want} records\n${go.log().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 300));
      const records = recordsSince(sink, from);
      if (records.length !== want) throw new Error(`${name}: Go emitted ${records.length} records, expected ${want}`);
      sock.destroy();
      const doc = { resourceLogs: [{ resource: {}, scopeLogs: [{ scope: {}, logRecords: records }] }] };
      writeFileSync(join(OUT, `${name}.otlp.json`), `${JSON.stringify(doc, null, 1)}\n`);
      console.log(`${name}: ${records.length} records recorded`);
    }
  } finally {
    await go.stop();
    await sink.close();
  }
}

await main();
