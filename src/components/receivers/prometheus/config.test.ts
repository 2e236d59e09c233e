// The user's prometheus.yml (seed-setup.md §1.3, testdata/prometheus.yml, verbatim) loads
// unchanged; Prometheus's config errors are reported at the receiver's key.

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { buildReceiver, configIssues, decodeConfig, type BuiltReceiver } from '../../../testing/components.js';
import { testHost } from '../../../testing/host.js';
import { loadPromConfig } from './config.js';
import { prometheusReceiverFactory } from './factory.js';
import type { PrometheusReceiver } from './receiver.js';

const USER_FILE = fileURLToPath(new URL('../../../../src/components/receivers/prometheus/testdata/prometheus.yml.txt', import.meta.url));

test('prometheus config: the user’s prometheus.yml validates unchanged', () => {
  assert.deepEqual(configIssues(prometheusReceiverFactory, { config_file: USER_FILE }), []);
  const { cfg } = decodeConfig(prometheusReceiverFactory, { config_file: USER_FILE });
  const pc = loadPromConfig(cfg);
  assert.deepEqual(pc.ignored, ['rule_files', 'tracing']);
  assert.deepEqual(pc.externalLabels, { monitor: 'Alertmanager' });
  const byJob = new Map(pc.scrapeConfigs.map((j) => [j.jobName, j]));
  assert.equal(byJob.get('mqtt')!.honorTimestamps, false);
  assert.equal(byJob.get('mqtt')!.intervalMs, 60_000);
  assert.equal(byJob.get('mqtt')!.timeoutMs, 10_000);
  assert.equal(byJob.get('nodeexp')!.timeoutMs, 14_000);
  assert.equal(byJob.get('speedtest')!.intervalMs, 30 * 60_000);
  assert.equal(byJob.get('speedtest')!.timeoutMs, 60_000);
  const bb = byJob.get('blackbox')!;
  assert.deepEqual(bb.params, { module: ['svc_http'] });
  assert.equal(bb.relabel[0]!.replacement, '$1', 'replacement reaches the relabeler as written');
  assert.ok(bb.fileSdConfigs[0]!.files[0]!.endsWith('/testdata/pinghosts.yaml'), 'file_sd paths resolve from the file’s directory');
});

test('prometheus receiver: the user’s file starts; blackbox-ping targets are relabeled as Prometheus does', async () => {
  const built = buildReceiver(prometheusReceiverFactory, { config_file: USER_FILE }, ['metrics']) as BuiltReceiver<PrometheusReceiver>;
  await built.receiver.start(testHost());
  try {
    const ping = built.receiver.targets().get('blackbox-ping')!;
    assert.deepEqual(
      ping.map((t) => [t.url, Object.fromEntries(t.labels.map((l) => [l.name, l.value]))]),
      [
        [
          'http://blackbox-exporter:9115/probe?module=icmp&target=192.168.2.1',
          { humanname: 'Router', instance: '192.168.2.1', job: 'blackbox-ping', routing: 'internal' },
        ],
        [
          'http://blackbox-exporter:9115/probe?module=icmp&target=1.1.1.1',
          { humanname: 'CloudFlare DNS', instance: '1.1.1.1', job: 'blackbox-ping', routing: 'external' },
        ],
        [
          'http://blackbox-exporter:9115/probe?module=icmp&target=8.8.8.8',
          { humanname: 'Google DNS', instance: '8.8.8.8', job: 'blackbox-ping', routing: 'external' },
        ],
      ],
    );
    const tcp = built.receiver.targets().get('blackbox-tcp')!;
    assert.equal(tcp[0]!.url, 'http://blackbox-exporter:9115/probe?module=tcp_connect&target=samba.heinrichhartmann.net%3A445');
    assert.equal(built.lines.filter((l) => String(l.msg).includes('rule_files, tracing')).length, 1, 'one warning naming the ignored sections');
    assert.ok(
      built.lines.some((l) => String(l.msg).includes('pinghosts.yaml does not exist')),
      'a missing file_sd file is a warning',
    );
  } finally {
    await built.receiver.shutdown();
  }
});

test('prometheus config: errors as Prometheus words them, at the receiver key', () => {
  const issue = (config: unknown): string[] => configIssues(prometheusReceiverFactory, { config });
  assert.match(
    issue({ scrape_configs: [{ job_name: 'a', scrape_interval: '10s', scrape_timeout: '20s' }] }).join(),
    /scrape timeout greater than scrape interval for scrape config with job name "a"/,
  );
  assert.match(issue({ scrape_configs: [{ job_name: 'a' }, { job_name: 'a' }] }).join(), /found multiple scrape configs with job name "a"/);
  assert.match(
    issue({ scrape_configs: [{ job_name: 'a', relabel_configs: [{ action: 'hashmod', target_label: 'x' }] }] }).join(),
    /relabel_configs\[0\]: relabel configuration for hashmod requires non-zero modulus/,
  );
  assert.match(issue({ scrape_configs: [{ job_name: 'a', scrape_interval: '1.5s' }] }).join(), /not a valid duration string/);
  assert.match(issue({ scrape_config: [] }).join(), /field scrape_config not found/);
  assert.match(configIssues(prometheusReceiverFactory, {}).join(), /either config or config_file is required/);
  assert.match(
    configIssues(prometheusReceiverFactory, { config: { scrape_configs: [] }, config_file: USER_FILE }).join(),
    /either config or config_file, not both/,
  );
});

test('prometheus config: inline config keeps $1 for the relabeler', () => {
  const { cfg, issues } = decodeConfig(prometheusReceiverFactory, {
    config: {
      scrape_configs: [
        {
          job_name: 'x',
          static_configs: [{ targets: ['a;b'] }],
          relabel_configs: [{ source_labels: ['__address__'], regex: '(.*);(.*)', target_label: 'instance', replacement: '$2' }],
        },
      ],
    },
  });
  assert.deepEqual(issues, []);
  assert.equal(loadPromConfig(cfg).scrapeConfigs[0]!.relabel[0]!.replacement, '$2');
});
