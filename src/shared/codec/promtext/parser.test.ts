import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzzDecoder } from '../../../testing/fuzz.js';
import { formatOfContentType, parseExposition, PromTextParseError, type Entry } from './parser.js';
import { haveNodeExporter, startNodeExporter } from './testkit.js';

const samples = (entries: Entry[]): Extract<Entry, { kind: 'sample' }>[] => entries.filter((e) => e.kind === 'sample');

const TEXT = [
  '# HELP http_requests_total The total number of HTTP requests.\\nSecond line \\\\ done',
  '# TYPE http_requests_total counter',
  'http_requests_total{method="post",code="200"} 1027 1395066363000',
  'http_requests_total{method="post",code="400",} 3 1395066363000',
  '',
  '# A free comment',
  'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
  'metric_without_timestamp_and_labels 12.47',
  'something_weird{problem="division by zero"} +Inf -3982045',
  '\tindented_nan   NaN',
  'neg_inf -Inf',
  '# TYPE rpc_duration_seconds summary',
  'rpc_duration_seconds{quantile="0.5"} 4773',
  'rpc_duration_seconds_sum 1.7560473e+07',
  'rpc_duration_seconds_count 2693',
  'hex 0x1p-2',
  'spaced {a="b"} 1',
].join('\n');

test('promtext: text format 0.0.4 entries, escapes, timestamps, special values', () => {
  const e = parseExposition(TEXT, 'text');
  assert.deepEqual(e[0], { kind: 'help', name: 'http_requests_total', help: 'The total number of HTTP requests.\nSecond line \\ done', line: 1 });
  assert.deepEqual(e[1], { kind: 'type', name: 'http_requests_total', type: 'counter', line: 2 });
  const s = samples(e);
  assert.equal(s.length, 12);
  assert.deepEqual(s[0], {
    kind: 'sample',
    name: 'http_requests_total',
    labels: [
      { name: 'method', value: 'post' },
      { name: 'code', value: '200' },
    ],
    value: 1027,
    timestampMs: 1395066363000,
    line: 3,
  });
  assert.equal(s[1]!.labels.length, 2, 'trailing comma accepted in text format');
  assert.deepEqual(s[2]!.labels, [
    { name: 'path', value: 'C:\\DIR\\FILE.TXT' },
    { name: 'error', value: 'Cannot find file:\n"FILE.TXT"' },
  ]);
  assert.equal(s[2]!.value, 1.458255915e9);
  assert.equal(s[3]!.timestampMs, undefined);
  assert.equal(s[4]!.value, Infinity);
  assert.equal(s[4]!.timestampMs, -3982045);
  assert.ok(Number.isNaN(s[5]!.value));
  assert.equal(s[6]!.value, -Infinity);
  assert.equal(s[10]!.value, 0.25);
  assert.equal(s[11]!.name, 'spaced');
  assert.equal(s[11]!.line, 17);
});

const OM = [
  '# TYPE acme_http_router_request_seconds summary',
  '# UNIT acme_http_router_request_seconds seconds',
  '# HELP acme_http_router_request_seconds Latency though all of ACME\'s HTTP request \\"router\\".',
  'acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32',
  'acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0',
  'acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0',
  '# TYPE foo counter',
  'foo_total 17.0 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67',
  'foo_created 1520430000.123',
  '# TYPE hist histogram',
  'hist_bucket{le="0.01"} 0 # {trace_id="a"} 0.005 1520879607.5',
  'hist_bucket{le="+Inf"} 17',
  '# TYPE s stateset',
  's{s="a"} 1',
  '# EOF',
  '',
].join('\n');

test('promtext: OpenMetrics 1.0 UNIT, exemplars, float-second timestamps, _created, # EOF', () => {
  const e = parseExposition(OM, 'openmetrics');
  assert.deepEqual(e[1], { kind: 'unit', name: 'acme_http_router_request_seconds', unit: 'seconds', line: 2 });
  assert.equal((e[2] as { help: string }).help, 'Latency though all of ACME\'s HTTP request "router".');
  const s = samples(e);
  assert.equal(s.length, 8);
  assert.equal(s[2]!.name, 'acme_http_router_request_seconds_created');
  assert.equal(s[2]!.value, 1605281325);
  assert.equal(s[3]!.timestampMs, 1520879607789);
  assert.deepEqual(s[3]!.exemplar, { labels: [{ name: 'trace_id', value: 'KOO5S4vxi0o' }], value: 0.67 });
  assert.deepEqual(s[5]!.exemplar, { labels: [{ name: 'trace_id', value: 'a' }], value: 0.005, timestampMs: 1520879607500 });
  assert.equal((e.find((x) => x.kind === 'type' && x.name === 's') as { type: string }).type, 'stateset');
});

test('promtext: a quoted (UTF-8) metric name inside the braces', () => {
  const [s] = samples(parseExposition('{"my.metric",a="b"} 1\n', 'text'));
  assert.equal(s!.name, 'my.metric');
  assert.deepEqual(s!.labels, [{ name: 'a', value: 'b' }]);
});

function fails(body: string, format: 'text' | 'openmetrics', line: number, pattern: RegExp): void {
  assert.throws(
    () => parseExposition(body, format),
    (err: unknown) => {
      assert.ok(err instanceof PromTextParseError, String(err));
      assert.equal(err.line, line, err.message);
      assert.match(err.message, pattern);
      return true;
    },
  );
}

test('promtext: errors name the line and the problem', () => {
  fails('ok 1\nbad{a="b" 1\n', 'text', 2, /expected ',' or '}'/);
  fails('a 1\nb{x="1} 2\n', 'text', 2, /unterminated quoted string/);
  fails('x one\n', 'text', 1, /invalid value "one" for metric x/);
  fails('x 1 1.5\n', 'text', 1, /invalid timestamp "1.5"/);
  fails('x 1 2 3\n', 'text', 1, /unexpected "3"/);
  fails('# TYPE x countr\n', 'text', 1, /invalid metric type "countr"/);
  fails('x{a="1",a="2"} 1\n', 'text', 1, /label name "a" is not unique/);
  fails('x{1a="1"} 1\n', 'text', 1, /invalid label name/);
  fails('0x 1\n', 'text', 1, /invalid metric name/);
  fails('x 1\n', 'openmetrics', 1, /does not end with # EOF/);
  fails('x 1\n# EOF\ny 2\n', 'openmetrics', 3, /after # EOF/);
  fails('# comment\n# EOF\n', 'openmetrics', 1, /invalid comment/);
  fails('x  1\n# EOF\n', 'openmetrics', 1, /single space/);
  fails('x 1 NaN\n# EOF\n', 'openmetrics', 1, /invalid timestamp/);
  fails(`x_total 1 # {id="${'a'.repeat(130)}"} 1\n# EOF\n`, 'openmetrics', 1, /exceeding the limit of 128/);
  fails('x 1\n\n# EOF\n', 'openmetrics', 2, /empty line/);
});

test('promtext: Content-Type selects the parser', () => {
  assert.equal(formatOfContentType('application/openmetrics-text; version=1.0.0; charset=utf-8'), 'openmetrics');
  assert.equal(formatOfContentType('text/plain; version=0.0.4; charset=utf-8'), 'text');
  assert.equal(formatOfContentType(undefined), 'text');
});

test('promtext: fuzzing both formats throws only PromTextParseError', () => {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  for (const format of ['text', 'openmetrics'] as const) {
    fuzzDecoder({
      name: `promtext-${format}`,
      seeds: [enc.encode(TEXT), enc.encode(OM)],
      decode: (b) => parseExposition(dec.decode(b), format),
      expected: (err) => err instanceof PromTextParseError,
      iterations: 3000,
      timeMs: 1500,
    });
  }
});

test(
  'promtext: the real prometheus-node-exporter body, in both formats it serves',
  { skip: !haveNodeExporter() && 'prometheus-node-exporter not installed' },
  async () => {
    const ne = await startNodeExporter();
    try {
      for (const accept of ['text/plain;version=0.0.4', 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5']) {
        const res = await fetch(ne.url, { headers: { accept } });
        const body = await res.text();
        const format = formatOfContentType(res.headers.get('content-type') ?? undefined);
        const entries = parseExposition(body, format);
        const lines = body.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
        assert.equal(samples(entries).length, lines.length, `${format}: one sample per sample line`);
        const cpu = samples(entries).filter((s) => s.name === 'node_cpu_seconds_total');
        assert.ok(cpu.length > 0, 'node_cpu_seconds_total present');
        assert.deepEqual(cpu[0]!.labels.map((l) => l.name).sort(), ['cpu', 'mode']);
        const type = entries.find((e) => e.kind === 'type' && e.name === (format === 'openmetrics' ? 'node_cpu_seconds' : 'node_cpu_seconds_total'));
        assert.ok(type !== undefined && type.kind === 'type' && type.type === 'counter', `${format}: counter TYPE for node_cpu_seconds`);
      }
    } finally {
      await ne.stop();
    }
  },
);
