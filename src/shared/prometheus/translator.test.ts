// Expected values are the ones Go's v0.130.0 `pkg/translator/prometheus` tests assert
// (normalize_name_test.go, normalize_label_test.go, normalize_unit_test.go, unit_to_ucum_test.go),
// plus expfmt's float and escape rules; the end-to-end check against Go's own /metrics output is
// the prometheus exporter's golden test.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyValue } from '../../pdata/index.js';
import {
  buildCompliantName,
  cleanUpString,
  escapeNameUnderscores,
  formatFloat,
  formatOpenMetricsFloat,
  jobFromResource,
  normalizeLabel,
  prometheusUnit,
  pullTargetInfoLabels,
  remoteWriteLabels,
  remoteWriteTargetInfoLabels,
  removePromForbiddenRunes,
  resourceSignature,
  scopeLabels,
  trimPromSuffixes,
  unitWordToUcum,
  type NamedMetric,
} from './index.js';

const gauge = (name: string, unit: string): NamedMetric => ({ name, unit, type: 'Gauge', monotonic: false });
const counter = (name: string, unit: string): NamedMetric => ({ name, unit, type: 'Sum', monotonic: true });
const full = (m: NamedMetric, ns = ''): string => buildCompliantName(m, ns, true);

test('names with suffixes: units, _per_, _total, _ratio, namespace, leading digit', () => {
  const cases: [NamedMetric, string][] = [
    [gauge('system.filesystem.usage', 'By'), 'system_filesystem_usage_bytes'],
    [counter('system.io', 'By'), 'system_io_bytes_total'],
    [counter('network_transmitted_bytes_total', 'By'), 'network_transmitted_bytes_total'],
    [gauge('\t system.filesystem.usage       ', '  By\t'), 'system_filesystem_usage_bytes'],
    [gauge('system.network.dropped', '{packets}'), 'system_network_dropped'],
    [counter('system.network.dropped', '{packets}'), 'system_network_dropped_total'],
    [gauge('system.network.dropped', 'packets'), 'system_network_dropped_packets'],
    [gauge('system.network.packets.dropped', 'packets'), 'system_network_packets_dropped'],
    [counter('system.network.packets', 'packets'), 'system_network_packets_total'],
    [gauge('hw.gpu.memory.utilization', '1'), 'hw_gpu_memory_utilization_ratio'],
    [gauge('hw.fan.speed_ratio', '1'), 'hw_fan_speed_ratio'],
    [counter('objects', '1'), 'objects_total'],
    [gauge('hw.cpu.speed_limit', 'Hz'), 'hw_cpu_speed_limit_hertz'],
    [gauge('broken.metric.speed', 'km/h'), 'broken_metric_speed_km_per_hour'],
    [gauge('astro.light.speed_limit', 'm/s'), 'astro_light_speed_limit_meters_per_second'],
    [gauge('broken.metric.success_ratio', '%'), 'broken_metric_success_ratio_percent'],
    [gauge('broken.metric.success_percent', '%'), 'broken_metric_success_percent'],
    [gauge('test.metric.spaces', '   \t  '), 'test_metric_spaces'],
    [gauge('unsupported.metric.temperature', '°F'), 'unsupported_metric_temperature_F'],
    [gauge('unsupported.metric.weird', '+=.:,!* & #'), 'unsupported_metric_weird'],
    [gauge('unsupported.metric.redundant', '__test $/°C'), 'unsupported_metric_redundant_test_per_C'],
    [gauge('active_directory.ds.replication.object.rate', '{objects}/s'), 'active_directory_ds_replication_object_rate_per_second'],
    [gauge('active_directory.ds.ldap.bind.last_successful.time', 'ms'), 'active_directory_ds_ldap_bind_last_successful_time_milliseconds'],
    [counter('system.disk.operation_time', 's'), 'system_disk_operation_time_seconds_total'],
    [gauge('system.cpu.load_average.15m', '1'), 'system_cpu_load_average_15m_ratio'],
    [gauge('mongodbatlas.process.network.io', 'By/s'), 'mongodbatlas_process_network_io_bytes_per_second'],
    [gauge('mongodbatlas.process.oplog.rate', 'GiBy/h'), 'mongodbatlas_process_oplog_rate_gibibytes_per_hour'],
    [
      gauge('mongodbatlas.process.db.query_targeting.scanned_per_returned', '{scanned}/{returned}'),
      'mongodbatlas_process_db_query_targeting_scanned_per_returned',
    ],
    [gauge('redis.latest_fork', 'us'), 'redis_latest_fork_microseconds'],
    [gauge('3.14 digits', ''), '_3_14_digits'],
    [gauge('envoy__rule_engine_zlib_buf_error', ''), 'envoy_rule_engine_zlib_buf_error'],
    [gauge(':foo::bar', ''), 'foo_bar'],
    [counter(':foo::bar', ''), 'foo_bar_total'],
    // A non-monotonic sum is not a counter; unit "1" adds _ratio only on gauges.
    [{ name: 'queue.size', unit: '1', type: 'Sum', monotonic: false }, 'queue_size'],
    [{ name: 'latency', unit: 'ms', type: 'Histogram', monotonic: false }, 'latency_milliseconds'],
    [gauge('café.temp', 'Cel'), 'café_temp_celsius'],
  ];
  for (const [m, want] of cases) assert.equal(full(m), want, `${m.name} [${m.unit}]`);
  assert.equal(full(gauge('test', ''), 'space'), 'space_test');
  assert.equal(full(gauge('#test', ''), 'space'), 'space_test');
  assert.equal(full(counter('network.io', 'By'), 'system'), 'system_network_io_bytes_total');
});

test('names without suffixes: only forbidden runes replaced, `:` and `_` kept', () => {
  assert.equal(buildCompliantName(counter('system.io', 'By'), '', false), 'system_io');
  assert.equal(buildCompliantName(gauge('a..b__c:d', 's'), '', false), 'a_b__c:d');
  assert.equal(buildCompliantName(gauge('3x', ''), '', false), '_3x');
  assert.equal(buildCompliantName(gauge('3x', ''), 'ns', false), 'ns_3x');
  assert.equal(removePromForbiddenRunes('__a  b__'), '__a_b__');
});

test('units', () => {
  assert.equal(prometheusUnit('By'), 'bytes');
  assert.equal(prometheusUnit('us'), 'microseconds');
  assert.equal(prometheusUnit('connections'), 'connections');
  assert.equal(prometheusUnit('GiBy/h'), 'gibibytes_per_hour');
  assert.equal(prometheusUnit('{objects}/s'), 'per_second');
  assert.equal(prometheusUnit('%'), 'percent');
  assert.equal(prometheusUnit('1'), '');
  assert.equal(prometheusUnit('m/m'), 'meters_per_minute');
  assert.equal(cleanUpString('hello, world!'), 'hello_world');
  assert.equal(cleanUpString('$1000'), '1000');
  for (const [w, u] of [
    ['', ''],
    ['days', 'd'],
    ['kibibytes', 'KiBy'],
    ['bananas_per_day', 'bananas/d'],
    ['meters_per_hour', 'm/h'],
    ['ratio', '1'],
    ['percent', '%'],
  ]) {
    assert.equal(unitWordToUcum(w!), u, w);
  }
});

test('trimPromSuffixes', () => {
  assert.equal(
    trimPromSuffixes('active_directory_ds_replication_network_io_bytes_total', 'Sum', 'bytes'),
    'active_directory_ds_replication_network_io',
  );
  assert.equal(trimPromSuffixes('mongodbatlas_process_network_io_bytes_per_second', 'Gauge', 'bytes_per_second'), 'mongodbatlas_process_network_io');
  assert.equal(trimPromSuffixes('apache_requests_total', 'Sum', '1'), 'apache_requests');
  assert.equal(trimPromSuffixes('up', 'Gauge', ''), 'up');
  assert.equal(trimPromSuffixes('nginx_requests', 'Gauge', 'requests'), 'nginx');
  assert.equal(trimPromSuffixes('system_cpu_load_average_15m_ratio', 'Gauge', '1'), 'system_cpu_load_average_15m_ratio');
  assert.equal(trimPromSuffixes('system_disk_operation_time_seconds_total', 'Sum', 's'), 'system_disk_operation_time_seconds');
});

test('label names', () => {
  assert.equal(normalizeLabel('_test'), 'key_test');
  assert.equal(normalizeLabel('0test'), 'key_0test');
  assert.equal(normalizeLabel('test'), 'test');
  assert.equal(normalizeLabel('test_/'), 'test__');
  assert.equal(normalizeLabel('__test'), '__test');
  assert.equal(normalizeLabel('http.status-code'), 'http_status_code');
  assert.equal(normalizeLabel(''), '');
  assert.equal(normalizeLabel('.a'), 'key_a');
  assert.equal(normalizeLabel('_test', true), '_test');
  assert.equal(normalizeLabel('0test', true), 'key_0test');
});

const kv = (k: string, v: string | bigint | boolean): KeyValue => new KeyValue(k, v);

test('job and instance from the resource', () => {
  assert.equal(jobFromResource([kv('service.name', 'api')]), 'api');
  assert.equal(jobFromResource([kv('service.name', 'api'), kv('service.namespace', 'shop')]), 'shop/api');
  assert.equal(jobFromResource([kv('service.name', 'api'), kv('service.namespace', '')]), '/api');
  assert.equal(jobFromResource([kv('service.namespace', 'shop')]), undefined);
  assert.equal(resourceSignature([kv('service.name', 'api')]), '');
  assert.notEqual(resourceSignature([kv('service.name', 'api'), kv('service.instance.id', 'i1')]), '');
});

test('remote-write labels: collisions joined with ; in key order, job/instance win, external labels lose, extras win', () => {
  const res = [kv('service.name', 'api'), kv('service.instance.id', 'i-1'), kv('host.name', 'h')];
  const labels = remoteWriteLabels(
    res,
    [kv('b.x', '2'), kv('b_x', '1'), kv('b-x', '1'), kv('job', 'mine'), kv('env', 'dev'), kv('n', 7n)],
    { env: 'prod', cluster: 'c1' },
    [],
    [
      ['__name__', 'm_total'],
      ['le', '+Inf'],
    ],
  );
  // Raw keys sort as "b-x" < "b.x" < "b_x"; the repeated value "1" is not repeated.
  assert.equal(labels.get('b_x'), '1;2;1');
  assert.equal(labels.get('job'), 'api');
  assert.equal(labels.get('instance'), 'i-1');
  assert.equal(labels.get('env'), 'dev');
  assert.equal(labels.get('cluster'), 'c1');
  assert.equal(labels.get('n'), '7');
  assert.equal(labels.get('__name__'), 'm_total');
  assert.equal(labels.get('le'), '+Inf');
  assert.equal(labels.has('host_name'), false);
});

test('target_info', () => {
  assert.equal(remoteWriteTargetInfoLabels([kv('service.name', 'api'), kv('service.instance.id', 'i')], '', {}), null);
  assert.equal(remoteWriteTargetInfoLabels([kv('host.name', 'h')], '', {}), null);
  const rw = remoteWriteTargetInfoLabels([kv('service.name', 'api'), kv('host.name', 'h'), kv('host_name', 'h2')], 'ns', { dc: 'x' });
  assert.deepEqual(
    [...rw!].sort(),
    [
      ['__name__', 'ns_target_info'],
      ['dc', 'x'],
      ['host_name', 'h;h2'],
      ['job', 'api'],
    ].sort(),
  );
  const pull = pullTargetInfoLabels([kv('service.name', 'api'), kv('service.instance.id', 'i'), kv('a.b', 'x'), kv('a_b', 'x'), kv('0k', true)]);
  assert.deepEqual(Object.fromEntries(pull), { a_b: 'x;x', key_0k: 'true', job: 'api', instance: 'i' });
});

test('scope labels in Go order, empty values kept', () => {
  assert.deepEqual(scopeLabels({ name: 's', version: '', attributes: [kv('lib.kind', 'x')] }, ''), [
    ['otel_scope_lib_kind', 'x'],
    ['otel_scope_name', 's'],
    ['otel_scope_version', ''],
    ['otel_scope_schema_url', ''],
  ]);
});

test('floats as expfmt writes them', () => {
  const cases: [number, string, string][] = [
    [0, '0', '0.0'],
    [-0, '0', '0.0'],
    [1, '1', '1.0'],
    [-1, '-1', '-1.0'],
    [NaN, 'NaN', 'NaN'],
    [Infinity, '+Inf', '+Inf'],
    [-Infinity, '-Inf', '-Inf'],
    [0.5, '0.5', '0.5'],
    [42, '42', '42.0'],
    [123456, '123456', '123456.0'],
    [1e6, '1e+06', '1e+06'],
    [1234567, '1.234567e+06', '1.234567e+06'],
    [0.0001, '0.0001', '0.0001'],
    [0.00001, '1e-05', '1e-05'],
    [1.5e-7, '1.5e-07', '1.5e-07'],
    [1e21, '1e+21', '1e+21'],
    [1.7976931348623157e308, '1.7976931348623157e+308', '1.7976931348623157e+308'],
    [5e-324, '5e-324', '5e-324'],
    [-2.5e-5, '-2.5e-05', '-2.5e-05'],
    [0.1 + 0.2, '0.30000000000000004', '0.30000000000000004'],
  ];
  for (const [v, text, om] of cases) {
    assert.equal(formatFloat(v), text, String(v));
    assert.equal(formatOpenMetricsFloat(v), om, String(v));
  }
});

test('underscore escaping of names that are not legacy-valid', () => {
  assert.equal(escapeNameUnderscores('ok_name:x'), 'ok_name:x');
  assert.equal(escapeNameUnderscores('café_temp'), 'caf__temp');
  assert.equal(escapeNameUnderscores('0abc'), '_abc');
  assert.equal(escapeNameUnderscores(''), '');
});
