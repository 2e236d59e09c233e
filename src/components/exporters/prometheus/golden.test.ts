// Our /metrics pages against the ones the Go v0.130 prometheus exporter served for the same OTLP
// batches (testdata/record.mjs; see testdata/README.md): every variant, both the format a
// Prometheus scrape negotiates and the one a plain client gets, byte for byte, except that
// exemplar labels are compared as a set (client_golang writes them in Go map order).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DecodeContext } from '../../../core/schema.js';
import { Metrics } from '../../../pdata/index.js';
import { metricsFromJSON } from '../../../pdata/json.js';
import { prometheusConfig, type PrometheusConfig } from './config.js';
import { MetricsPage } from './exporter.js';

const TESTDATA = fileURLToPath(new URL('../../../../src/components/exporters/prometheus/testdata/', import.meta.url));
const inputs = JSON.parse(readFileSync(`${TESTDATA}inputs.json`, 'utf8')) as { variants: Record<string, object>; batches: string[] };
const responses = JSON.parse(readFileSync(`${TESTDATA}golden/responses.json`, 'utf8')) as Record<string, { contentType: string }>;

const ACCEPTS: Record<string, string | undefined> = {
  prometheus: 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
  plain: undefined,
};

function config(variant: object): PrometheusConfig {
  const ctx = new DecodeContext();
  const cfg = prometheusConfig.decode({ endpoint: '127.0.0.1:0', ...variant }, [], ctx);
  assert.deepEqual(ctx.issues, []);
  return cfg;
}

/** Exemplar label pairs sorted, so Go's map order does not matter. */
function canonical(page: string): string {
  return page.replace(
    / # \{([^}]*)\}/g,
    (_m, labels: string) =>
      ` # {${labels
        .split(/,(?=[a-z_]+=")/)
        .sort()
        .join(',')}}`,
  );
}

for (const [variant, options] of Object.entries(inputs.variants)) {
  test(`golden /metrics: ${variant}`, () => {
    const page = new MetricsPage(config(options));
    const now = Date.now();
    for (const body of inputs.batches) page.accumulator.accumulate(new Metrics(metricsFromJSON(body)), now);
    for (const [acceptName, accept] of Object.entries(ACCEPTS)) {
      const key = `${variant}.${acceptName}`;
      const want = readFileSync(`${TESTDATA}golden/${key}.txt`, 'utf8');
      const got = page.render(accept, now);
      assert.equal(got.contentType, responses[key]!.contentType, key);
      assert.equal(canonical(got.body), canonical(want), key);
    }
  });
}
