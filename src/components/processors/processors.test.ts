// The attributes, resource and filter processors as the service builds them: config problems
// reported by the real config loader with their full paths, unsupported OTTL refused by name, and
// the lazy payload contract (untouched batches keep their bytes; changed ones are re-encoded once).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registry } from '../registry.js';
import { loadConfig } from '../../config/load.js';
import type { ConfigError } from '../../config/problems.js';
import type { ProcessorFactory } from '../../core/component.js';
import { EMPTY_CONTEXT } from '../../core/consumer.js';
import type { Signal } from '../../core/payload.js';
import { Logs } from '../../pdata/logs.js';
import { fullLogs } from '../../pdata/test-fixtures.js';
import { silentLogger } from '../../testing/logger.js';
import { RecordingConsumer } from '../../testing/sink.js';
import { decodeConfig } from '../../testing/components.js';
import { input } from './golden-cases.js';
import { attributesProcessorFactory } from './attributes/factory.js';
import { filterProcessorFactory } from './filter/factory.js';
import { resourceProcessorFactory } from './resource/factory.js';

const PIPE = (proc: string) =>
  `receivers:\n  otlp:\n    protocols:\n      http:\nexporters:\n  nop:\nservice:\n  pipelines:\n    logs:\n      receivers: [otlp]\n      processors: [${proc}]\n      exporters: [nop]\n`;

async function problems(yaml: string): Promise<string[]> {
  try {
    await loadConfig({ configs: [`yaml:${yaml}`], registry, env: {} });
    return [];
  } catch (err) {
    return (err as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
  }
}

test("the seed's processors block validates; a pattern RE2 rejects is reported at its path", async () => {
  const seed = `processors:\n  attributes/fluent_docker:\n    actions:\n      - {action: upsert, key: source, value: docker}\n      - {action: extract, key: container_name, pattern: "^[/](?P<container_name>.*)$"}\n      - {action: insert, key: loki.attribute.labels, value: "source, container_name"}\n`;
  assert.deepEqual(await problems(seed + PIPE('attributes/fluent_docker')), []);
  const bad = `processors:\n  attributes/x:\n    actions:\n      - {action: upsert, key: a, value: b}\n      - {action: extract, key: a, pattern: "^(?P<n>a)(?!b)"}\n    include:\n      match_type: regexp\n      log_bodies: ["("]\n`;
  assert.deepEqual(await problems(bad + PIPE('attributes/x')), [
    'processors::attributes/x::actions::1::pattern: error creating AttrProc. Field "pattern" has invalid pattern: "^(?P<n>a)(?!b)" to be set at the 1-th actions (error parsing regexp: invalid or unsupported Perl syntax: `(?!`)',
    'processors::attributes/x::include::log_bodies::0: error creating log bodies filters: error parsing regexp: missing closing ): `(`',
  ]);
  assert.deepEqual(await problems(`processors:\n  attributes/x:\n${PIPE('attributes/x')}`), [
    'processors::attributes/x::actions: missing required field "actions"',
  ]);
  assert.deepEqual(await problems(`processors:\n  resource:\n    attributes: []\n${PIPE('resource')}`), [
    'processors::resource::attributes: missing required field "attributes"',
  ]);
});

test('filter: OTTL outside the supported subset is a config error naming the construct', async () => {
  const cases: Array<[string, string]> = [
    ['Len(body) > 3', 'converter Len() as a value is not supported'],
    ['IsString(body)', 'converter IsString() is not supported (supported: IsMatch)'],
    ['attributes["a"] + 1 == 2', 'math expressions ("+") are not supported'],
    ['span.name == "x"', 'path span.name is not supported in the log context'],
    ['severity_number > SPAN_KIND_SERVER', 'enum symbol, SPAN_KIND_SERVER, not found in the log context'],
    ['IsMatch(body, "(?=x)")', 'IsMatch: the pattern "(?=x)" is not a valid regex'],
    ['attributes == nil', 'comparing a whole attribute map is not supported'],
    ['attributes["a"] == ["x"]', 'list literals are not supported'],
    ['body', 'path body is not a boolean expression'],
  ];
  for (const [cond, msg] of cases) {
    const got = await problems(`processors:\n  filter:\n    logs:\n      log_record:\n        - '${cond}'\n${PIPE('filter')}`);
    assert.equal(got.length, 1, cond);
    assert.match(got[0]!, new RegExp(`^processors::filter::logs::log_record::0: condition .*${msg.replace(/[()[\]+.*?]/g, '\\$&')}`), cond);
  }
  assert.deepEqual(await problems(`processors:\n  filter:\n    error_mode: bogus\n${PIPE('filter')}`), [
    'processors::filter::error_mode: invalid value "bogus" for \'error_mode\': must be one of [propagate, ignore, silent]',
  ]);
  const both = await problems(
    `processors:\n  filter:\n    logs:\n      log_record: ['true']\n      include: {match_type: strict, bodies: [x]}\n${PIPE('filter')}`,
  );
  assert.deepEqual(both, ['processors::filter: cannot use ottl conditions and include/exclude for logs at the same time']);
});

function create<C>(factory: ProcessorFactory<C>, cfgInput: unknown, signal: Signal, next: RecordingConsumer) {
  const { cfg, issues } = decodeConfig(factory, cfgInput);
  assert.deepEqual(issues, []);
  return factory.create(
    { id: factory.type, kind: 'processor', pipeline: `${signal}`, logger: silentLogger, telemetry: undefined as never },
    cfg,
    signal,
    next,
  );
}

test('a processor that changes nothing passes the original bytes on; one that changes re-encodes', async () => {
  const bytes = Logs.fromJSON(input('logs')).toProto();
  const next = new RecordingConsumer();
  // include matches no record: nothing is touched.
  const excluded = create(
    attributesProcessorFactory,
    { include: { match_type: 'strict', log_bodies: ['no such body'] }, actions: [{ action: 'insert', key: 'x', value: 1 }] },
    'logs',
    next,
  );
  const untouched = create(attributesProcessorFactory, { actions: [{ action: 'update', key: 'no_such_key', value: 1 }] }, 'logs', next);
  const keepAll = create(filterProcessorFactory, { logs: { log_record: ['attributes["no_such_key"] == "x"'] } }, 'logs', next);
  const sameResource = create(resourceProcessorFactory, { attributes: [{ action: 'delete', key: 'no_such_key' }] }, 'logs', next);
  for (const p of [excluded, untouched, keepAll, sameResource]) {
    const data = Logs.fromProto(bytes);
    await p.consume(data, EMPTY_CONTEXT);
    const out = next.payloads.pop() as Logs;
    assert.equal(out, data);
    assert.equal(out.hasProto(), true);
    assert.equal(out.toProto(), bytes, 'the very same Buffer');
  }
  const changing = create(attributesProcessorFactory, { actions: [{ action: 'upsert', key: 'source', value: 'docker' }] }, 'logs', next);
  const data = Logs.fromProto(bytes);
  await changing.consume(data, EMPTY_CONTEXT);
  const out = next.payloads.pop() as Logs;
  assert.equal(out.hasProto(), false);
  const again = Logs.fromProto(out.toProto());
  let n = 0;
  again.forEachLogRecord((lr) => {
    n++;
    assert.equal(lr.attributes.find((a) => a.key === 'source')?.value, 'docker');
  });
  assert.equal(n, 8);
});

test('filter: a batch with nothing left stops at the processor; emptied scopes and resources go', async () => {
  const next = new RecordingConsumer();
  const dropAll = create(filterProcessorFactory, { logs: { log_record: ['true'] } }, 'logs', next);
  await dropAll.consume(new Logs(fullLogs()), EMPTY_CONTEXT);
  assert.equal(next.payloads.length, 0);
  const dropSome = create(filterProcessorFactory, { logs: { log_record: ['resource.attributes["service.name"] == "promtail"'] } }, 'logs', next);
  const data = Logs.fromProto(Logs.fromJSON(input('logs')).toProto());
  await dropSome.consume(data, EMPTY_CONTEXT);
  const out = next.payloads.pop() as Logs;
  assert.equal(out.resourceLogs.length, 2);
  assert.equal(out.itemCount(), 5);
  assert.equal(Logs.fromProto(out.toProto()).itemCount(), 5);
});

test('attributes: include/exclude rules that do not fit the pipeline signal fail at create, as in Go', () => {
  const { cfg } = decodeConfig(attributesProcessorFactory, {
    include: { match_type: 'strict', log_bodies: ['x'] },
    actions: [{ action: 'delete', key: 'a' }],
  });
  assert.throws(
    () =>
      attributesProcessorFactory.create(
        { id: 'attributes/x', kind: 'processor', logger: silentLogger, telemetry: undefined as never },
        cfg,
        'traces',
        new RecordingConsumer(),
      ),
    /attributes\/x: include: log_bodies should not be specified for trace spans/,
  );
});

test("filter counts what it drops in Go's otelcol_processor_filter_*_filtered, labelled with its id", async () => {
  const { MetricsRegistry } = await import('../../telemetry/metrics.js');
  const { renderExposition } = await import('../../telemetry/exposition.js');
  const telemetry = new MetricsRegistry();
  const { cfg } = decodeConfig(filterProcessorFactory, { logs: { log_record: ['resource.attributes["service.name"] == "promtail"'] } });
  const next = new RecordingConsumer();
  const p = filterProcessorFactory.create({ id: 'filter/noise', kind: 'processor', logger: silentLogger, telemetry }, cfg, 'logs', next);
  await p.consume(Logs.fromJSON(input('logs')), EMPTY_CONTEXT);
  assert.match(renderExposition(telemetry.collect()), /^otelcol_processor_filter_logs_filtered\{filter="filter\/noise"\} 3$/m);
});
