#!/usr/bin/env node
// Records the prometheus exporter's golden /metrics pages from the reference Go collector
// (otelcol-contrib v0.130.0 subset with exporter/prometheusexporter, bench/reference/build.sh).
// Run from the repository root after `npx tsc -p tsconfig.json`:
//
//   node src/components/exporters/prometheus/testdata/record.mjs [path/to/otelcol-ref]
//
// One Go process: otlp (HTTP) → every exporter variant of inputs.mjs, each on its own port. The
// batches of inputs.mjs are posted in order as OTLP/JSON (each answered only once every exporter
// has consumed it: no queue in between), then each variant is scraped once per Accept header of
// inputs.mjs and once with `Accept-Encoding: gzip`. Writes inputs.json (the exact bodies posted),
// golden/<variant>.<accept>.txt (the body Go served) and golden/responses.json (status and headers).

import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { ACCEPTS, BATCHES, VARIANTS } from './inputs.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '../../../../../dist');
const { referenceCollectorPath, startCollector } = await import(path.join(dist, 'testing/reference-collector.js'));
const { freePorts } = await import(path.join(dist, 'testing/ports.js'));

/** OTLP/JSON with the doubles JSON cannot spell written as protojson strings. */
function otlpJson(batch) {
  return JSON.stringify(batch, (_k, v) => {
    if (typeof v !== 'number') return v;
    if (Number.isNaN(v)) return 'NaN';
    if (v === Infinity) return 'Infinity';
    if (v === -Infinity) return '-Infinity';
    if (Object.is(v, -0)) return '-0';
    return v;
  });
}

const names = Object.keys(VARIANTS);
const [otlpPort, ...ports] = await freePorts(names.length + 1);
const exporters = Object.fromEntries(names.map((n, i) => [`prometheus/${n}`, { endpoint: `127.0.0.1:${ports[i]}`, ...VARIANTS[n] }]));
const config = {
  receivers: { otlp: { protocols: { http: { endpoint: `127.0.0.1:${otlpPort}` } } } },
  exporters,
  service: {
    telemetry: { metrics: { level: 'none' } },
    pipelines: { metrics: { receivers: ['otlp'], exporters: Object.keys(exporters) } },
  },
};

const bodies = BATCHES.map(otlpJson);
const go = await startCollector({ command: referenceCollectorPath(process.argv[2]), config, readyPorts: [otlpPort, ...ports] });
try {
  for (const body of bodies) {
    const res = await fetch(`http://127.0.0.1:${otlpPort}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`Go answered ${res.status}: ${text}`);
  }
  fs.mkdirSync(path.join(here, 'golden'), { recursive: true });
  const responses = {};
  for (const [i, name] of names.entries()) {
    for (const [acceptName, accept] of Object.entries(ACCEPTS)) {
      const headers = accept === '' ? {} : { accept };
      // fetch would decompress and add its own Accept-Encoding; ask for identity explicitly.
      const res = await fetch(`http://127.0.0.1:${ports[i]}/metrics`, { headers: { ...headers, 'accept-encoding': 'identity' } });
      const body = await res.text();
      const key = `${name}.${acceptName}`;
      fs.writeFileSync(path.join(here, 'golden', `${key}.txt`), body);
      responses[key] = { status: res.status, contentType: res.headers.get('content-type'), contentEncoding: res.headers.get('content-encoding') };
      console.log(`${key}: ${res.status} ${res.headers.get('content-type')} ${body.length} B`);
    }
    // gzip: Node's http client, so the body arrives as sent.
    const { request } = await import('node:http');
    const gz = await new Promise((resolve, reject) => {
      request({ host: '127.0.0.1', port: ports[i], path: '/metrics', headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    const plain = fs.readFileSync(path.join(here, 'golden', `${name}.plain.txt`), 'utf8');
    const unzipped = gz.headers['content-encoding'] === 'gzip' ? gunzipSync(gz.body).toString('utf8') : gz.body.toString('utf8');
    responses[`${name}.gzip`] = {
      status: gz.status,
      contentType: gz.headers['content-type'] ?? null,
      contentEncoding: gz.headers['content-encoding'] ?? null,
      sameAsPlain: unzipped === plain,
    };
  }
  const notFound = await fetch(`http://127.0.0.1:${ports[0]}/other`);
  responses['default.other-path'] = { status: notFound.status, contentType: notFound.headers.get('content-type'), body: await notFound.text() };
  fs.writeFileSync(path.join(here, 'golden', 'responses.json'), JSON.stringify(responses, null, 1) + '\n');
  fs.writeFileSync(
    path.join(here, 'inputs.json'),
    JSON.stringify(
      { about: 'Written by record.mjs from inputs.mjs: the OTLP/JSON bodies posted to Go, in order', variants: VARIANTS, batches: bodies },
      null,
      1,
    ) + '\n',
  );
} catch (err) {
  console.error(go.log());
  throw err;
} finally {
  await go.stop();
}
