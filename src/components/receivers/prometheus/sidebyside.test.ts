// The same prometheus.yml file read by Debian's Prometheus 2.42 and by this receiver, both
// scraping Debian's prometheus-node-exporter on loopback: the series each produces (metric names
// and label sets after relabel_configs and metric_relabel_configs, the user's `$1/$2/$3` split of a
// file_sd `host;name;routing` entry included) are the same sets.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Gauge, Metrics, Sum } from '../../../pdata/index.js';
import { haveNodeExporter, startNodeExporter } from '../../../shared/codec/promtext/testkit.js';
import { buildReceiver, type BuiltReceiver } from '../../../testing/components.js';
import { testHost } from '../../../testing/host.js';
import { prometheusPath, startPrometheus } from '../../../testing/prometheus.js';
import { waitFor } from '../../../testing/wait.js';
import { prometheusReceiverFactory } from './factory.js';
import type { PrometheusReceiver } from './receiver.js';

const seriesKey = (labels: Record<string, string>): string =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');

/** Our OTLP output turned back into Prometheus label sets (counters and gauges only: the config keeps no histograms). */
function ourSeries(built: BuiltReceiver): Set<string> {
  const out = new Set<string>();
  for (const p of built.consumers.metrics!.payloads) {
    for (const rm of (p as Metrics).resourceMetrics) {
      const res = Object.fromEntries(rm.resource.attributes.map((a) => [a.key, String(a.value)]));
      for (const sm of rm.scopeMetrics) {
        for (const m of sm.metrics) {
          for (const dp of (m.data as Gauge | Sum).dataPoints) {
            const labels: Record<string, string> = { __name__: m.name, job: res['service.name']!, instance: res['service.instance.id']! };
            for (const a of dp.attributes) if (a.key !== 'monitor') labels[a.key] = String(a.value);
            out.add(seriesKey(labels));
          }
        }
      }
    }
  }
  return out;
}

test(
  'prometheus receiver and Prometheus 2.42 read the same prometheus.yml and produce the same series',
  { skip: (!haveNodeExporter() || !prometheusPath()) && 'prometheus or prometheus-node-exporter not installed' },
  async () => {
    const ne = await startNodeExporter();
    const config = `global:
  scrape_interval: 1s
  scrape_timeout: 900ms
  external_labels:
      monitor: 'Alertmanager'
rule_files:
    - 'alert.rules'
scrape_configs:
  - job_name: 'nodeexp'
    static_configs:
    - targets: ['${ne.address}']
      labels: {site: home}
    metric_relabel_configs:
      - source_labels: [__name__]
        regex: 'node_(cpu_seconds_total|load1|uname_info)'
        action: keep
      - source_labels: [mode]
        regex: '(.*)'
        target_label: mode_upper
        action: uppercase
      - regex: 'machine|release|version'
        action: labeldrop
  - job_name: 'blackbox'
    metrics_path: /metrics
    params:
      module: [svc_http]
    file_sd_configs:
      - files:
        - pinghosts.yaml
    relabel_configs:
      - source_labels: [__address__]
        regex: '(.*);(.*);(.*)'
        target_label: instance
        replacement: $1
      - source_labels: [__address__]
        regex: '(.*);(.*);(.*)'
        target_label: humanname
        replacement: $2
      - source_labels: [__address__]
        regex: '(.*);(.*);(.*)'
        target_label: routing
        replacement: $3
      - source_labels: [instance]
        target_label: __param_target
      - target_label: __address__
        replacement: ${ne.address}
    metric_relabel_configs:
      - source_labels: [__name__]
        regex: 'node_load1|node_time_seconds'
        action: keep
`;
    const prom = await startPrometheus({ config });
    let built: BuiltReceiver<PrometheusReceiver> | undefined;
    try {
      writeFileSync(join(prom.dir, 'pinghosts.yaml'), `- targets: ['https://example.org;Example;external', 'http://lan.local;Lan;internal']\n`);
      built = buildReceiver(prometheusReceiverFactory, { config_file: join(prom.dir, 'prometheus.yml') }, [
        'metrics',
      ]) as BuiltReceiver<PrometheusReceiver>;
      await built.receiver.start(testHost());
      await prom.waitForQuery('up', (v) => v.length === 3 && v.every((s) => s.value === 1), 20_000);
      // Two more scrape rounds on both sides, so every series has been seen at least once.
      await new Promise((r) => setTimeout(r, 2500));
      const theirs = new Set(
        (await prom.api<Array<Record<string, string>>>('/api/v1/series?match[]=' + encodeURIComponent('{job=~".+"}'))).map(seriesKey),
      );
      await waitFor(() => ourSeries(built!).size >= theirs.size, 5_000, 'our series caught up');
      const ours = ourSeries(built);
      const onlyTheirs = [...theirs].filter((k) => !ours.has(k));
      const onlyOurs = [...ours].filter((k) => !theirs.has(k));
      assert.deepEqual({ onlyTheirs, onlyOurs }, { onlyTheirs: [], onlyOurs: [] });
      assert.ok(theirs.size > 20, `a real comparison (${theirs.size} series)`);
      assert.ok(
        [...theirs].some((k) => k.includes('humanname=Example') && k.includes('instance=https://example.org') && k.includes('routing=external')),
      );
    } finally {
      await built?.receiver.shutdown();
      await prom.stop();
      await ne.stop();
    }
  },
);
