import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsRegistry } from './metrics.js';
import { formatValue, renderExposition } from './exposition.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A strict reader of the 0.0.4 text format: every line must be a comment or a sample. */
function parse(text: string): { samples: Sample[]; help: Map<string, string>; type: Map<string, string> } {
  const samples: Sample[] = [];
  const help = new Map<string, string>();
  const type = new Map<string, string>();
  assert.ok(text === '' || text.endsWith('\n'), 'exposition ends with a newline');
  for (const line of text.split('\n').slice(0, -1)) {
    let m = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (m) {
      help.set(m[1]!, m[2]!);
      continue;
    }
    m = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (m) {
      type.set(m[1]!, m[2]!);
      continue;
    }
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `not a valid exposition line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy;
    const body = m[2] ?? '';
    let lm: RegExpExecArray | null;
    let consumed = 0;
    while (consumed < body.length && (lm = re.exec(body))) {
      labels[lm[1]!] = lm[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      consumed = re.lastIndex;
    }
    assert.equal(consumed, body.length, `bad label set in ${line}`);
    const v = m[3]!;
    samples.push({ name: m[1]!, labels, value: v === '+Inf' ? Infinity : v === '-Inf' ? -Infinity : Number(v) });
  }
  return { samples, help, type };
}

function find(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

test('floats print as Go strconv %g shortest', () => {
  assert.equal(formatValue(0), '0');
  assert.equal(formatValue(1), '1');
  assert.equal(formatValue(-1), '-1');
  assert.equal(formatValue(123456), '123456');
  assert.equal(formatValue(1234567), '1.234567e+06');
  assert.equal(formatValue(16052032), '1.6052032e+07');
  assert.equal(formatValue(0.5), '0.5');
  assert.equal(formatValue(0.0001), '0.0001');
  assert.equal(formatValue(0.00001), '1e-05');
  assert.equal(formatValue(1e21), '1e+21');
  assert.equal(formatValue(-2.5e-7), '-2.5e-07');
  assert.equal(formatValue(NaN), 'NaN');
  assert.equal(formatValue(Infinity), '+Inf');
  assert.equal(formatValue(-Infinity), '-Inf');
});

test('component helpers produce Go names, labels and resource labels', () => {
  const reg = new MetricsRegistry('normal', { 'service.name': 'otelcol-ts', 'service.instance.id': 'abc', 'service.version': '1.2.3' });
  const r = reg.receiver('otlp', 'grpc');
  r.accepted('traces', 5);
  r.accepted('traces', 2);
  r.refused('logs', 3);
  reg.exporter('otlp/jaeger').sent('traces', 7);
  reg.exporter('loki').sendFailed('logs', 4);
  reg.processor('batch', 'logs/docker').incoming('logs', 10);
  reg.processor('batch', 'logs/docker').outgoing('logs', 9);
  const text = reg.expose();
  const { samples, type, help } = parse(text);

  assert.deepEqual(
    find(samples, 'otelcol_receiver_accepted_spans').map((s) => [s.labels, s.value]),
    [[{ receiver: 'otlp', service_instance_id: 'abc', service_name: 'otelcol-ts', service_version: '1.2.3', transport: 'grpc' }, 7]],
  );
  // The other series of a signal that flowed appear at 0; signals that never flowed do not.
  assert.equal(find(samples, 'otelcol_receiver_refused_spans')[0]!.value, 0);
  assert.equal(find(samples, 'otelcol_receiver_failed_spans')[0]!.value, 0);
  assert.equal(find(samples, 'otelcol_receiver_refused_log_records')[0]!.value, 3);
  assert.equal(find(samples, 'otelcol_receiver_accepted_metric_points').length, 0);
  assert.equal(find(samples, 'otelcol_exporter_sent_spans', { exporter: 'otlp/jaeger' })[0]!.value, 7);
  assert.equal(find(samples, 'otelcol_exporter_send_failed_log_records', { exporter: 'loki' })[0]!.value, 4);
  assert.equal(find(samples, 'otelcol_exporter_enqueue_failed_log_records', { exporter: 'loki' })[0]!.value, 0);
  const inc = find(samples, 'otelcol_processor_incoming_items')[0]!;
  assert.deepEqual([inc.labels.processor, inc.labels.otel_signal, inc.labels.pipeline, inc.value], ['batch', 'logs', 'logs/docker', 10]);
  assert.equal(find(samples, 'otelcol_processor_outgoing_items')[0]!.value, 9);

  assert.equal(type.get('otelcol_receiver_accepted_spans'), 'counter');
  assert.ok(!text.includes('_total'), 'counters carry no _total suffix');
  assert.equal(help.get('otelcol_receiver_accepted_spans'), 'Number of spans successfully pushed into the pipeline. (unit: {span})');
  assert.equal(help.get('otelcol_exporter_sent_metric_points'), undefined);
  // Label names are sorted on every line.
  for (const line of text.split('\n').filter((l) => l.includes('{'))) {
    const names = [...line.matchAll(/([a-z_]+)="/g)].map((m) => m[1]!);
    assert.deepEqual(names, [...names].sort(), line);
  }
});

test('queue gauges are read at scrape time and unregister', () => {
  const reg = new MetricsRegistry('basic');
  let size = 3;
  const off = reg.exporter('otlp').observeQueue('traces', () => size, 1000);
  let s = parse(reg.expose()).samples;
  assert.equal(find(s, 'otelcol_exporter_queue_size', { exporter: 'otlp', data_type: 'traces' })[0]!.value, 3);
  assert.equal(find(s, 'otelcol_exporter_queue_capacity', { exporter: 'otlp', data_type: 'traces' })[0]!.value, 1000);
  size = 42;
  s = parse(reg.expose()).samples;
  assert.equal(find(s, 'otelcol_exporter_queue_size')[0]!.value, 42);
  off();
  assert.equal(reg.expose(), '');
});

test('levels filter what a scrape shows, and none shows nothing', () => {
  const reg = new MetricsRegistry('basic');
  reg.counter('c_basic', { help: 'b' }).add(1);
  reg.counter('c_normal', { help: 'n', level: 'normal' }).add(1);
  reg.counter('c_detailed', { help: 'd', level: 'detailed' }).add(1);
  const names = () => [...new Set(parse(reg.expose()).samples.map((s) => s.name))];
  assert.deepEqual(names(), ['c_basic']);
  reg.setLevel('normal');
  assert.deepEqual(names(), ['c_basic', 'c_normal']);
  reg.setLevel('detailed');
  assert.deepEqual(names(), ['c_basic', 'c_detailed', 'c_normal']);
  reg.setLevel('none');
  assert.equal(reg.expose(), '');
  assert.equal(reg.level, 'none');
});

test('instruments are get-or-create, counters ignore negative adds, gauges set and add', () => {
  const reg = new MetricsRegistry('normal');
  const a = reg.counter('my_counter', { help: 'h' });
  assert.equal(reg.counter('my_counter', { help: 'h' }), a);
  a.add(2, { k: 'x' });
  reg.counter('my_counter', { help: 'h' }).add(3, { k: 'x' });
  a.add(-10, { k: 'x' });
  const g = reg.gauge('my_gauge', { help: 'g' });
  g.set(5);
  g.add(-2);
  assert.throws(() => reg.gauge('my_counter', { help: 'h' }), /already registered as a counter/);
  const { samples } = parse(reg.expose());
  assert.equal(find(samples, 'my_counter', { k: 'x' })[0]!.value, 5);
  assert.equal(find(samples, 'my_gauge')[0]!.value, 3);
});

test('histograms expose cumulative buckets, sum and count', () => {
  const reg = new MetricsRegistry('normal');
  const h = reg.histogram('otelcol_test_duration', { help: 'latency', unit: 'ms', buckets: [10, 1, 5] });
  for (const v of [0.5, 1, 3, 7, 100]) h.record(v, { op: 'a' });
  const text = reg.expose();
  const { samples, type } = parse(text);
  assert.equal(type.get('otelcol_test_duration'), 'histogram');
  const buckets = find(samples, 'otelcol_test_duration_bucket', { op: 'a' }).map((s) => [s.labels.le, s.value]);
  assert.deepEqual(buckets, [
    ['1', 2],
    ['5', 3],
    ['10', 4],
    ['+Inf', 5],
  ]);
  assert.equal(find(samples, 'otelcol_test_duration_sum')[0]!.value, 111.5);
  assert.equal(find(samples, 'otelcol_test_duration_count')[0]!.value, 5);
  assert.match(text, /otelcol_test_duration_bucket\{op="a",le="1"\} 2\n/);
});

test('label values and help are escaped; names are sanitized; output is stably ordered', () => {
  const reg = new MetricsRegistry('normal');
  reg.counter('otelcol.weird-name', { help: 'line1\nback\\slash' }).add(1, { 'a.b': 'q"uote\\back\nnl' });
  reg.counter('aaa', { help: 'first' }).add(1, { z: '2' });
  reg.counter('aaa', { help: 'first' }).add(1, { z: '1' });
  const text = reg.expose();
  assert.equal(text, reg.expose());
  assert.ok(text.includes('# HELP otelcol_weird_name line1\\nback\\\\slash\n'));
  const { samples } = parse(text);
  assert.deepEqual(
    samples.map((s) => s.name),
    ['aaa', 'aaa', 'otelcol_weird_name'],
  );
  assert.deepEqual(
    samples.map((s) => s.labels.z),
    ['1', '2', undefined],
  );
  assert.equal(samples[2]!.labels.a_b, 'q"uote\\back\nnl');
});

test('an observer that throws loses only its own samples', () => {
  const reg = new MetricsRegistry('normal');
  reg.observe('broken', { help: 'x' }, () => {
    throw new Error('boom');
  });
  reg.observe('fine', { help: 'y', kind: 'counter' }, () => 4);
  const { samples, type } = parse(reg.expose());
  assert.deepEqual(
    samples.map((s) => [s.name, s.value]),
    [['fine', 4]],
  );
  assert.equal(type.get('fine'), 'counter');
});

test('renderExposition skips families without samples', () => {
  assert.equal(renderExposition([{ name: 'x', help: 'h', type: 'gauge', samples: [] }]), '');
});
