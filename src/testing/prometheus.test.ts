import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { prometheusPath, startPrometheus } from './prometheus.js';

test(
  'startPrometheus: a real Prometheus scrapes itself, answers queries, and stop() removes its directory',
  { skip: !prometheusPath() && 'no prometheus binary' },
  async () => {
    const prom = await startPrometheus({
      config: (self) => `global: {scrape_interval: 1s}\nscrape_configs:\n  - job_name: self\n    static_configs: [{targets: ['${self}']}]\n`,
    });
    try {
      const up = await prom.waitForQuery('up{job="self"}');
      assert.equal(up[0]!.value, 1);
      assert.equal(up[0]!.metric.instance, prom.address);
      await assert.rejects(prom.query('rate(up[1m])[5m:]'), /not a vector/);
    } finally {
      await prom.stop();
    }
    assert.equal(existsSync(prom.dir), false);
  },
);
