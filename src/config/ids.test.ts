import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseComponentId, parsePipelineId, profilesNotSupported } from './ids.js';

const err = (r: { ok: boolean; error?: string }) => (r.ok ? 'ok' : r.error);

test('component IDs: type[/name], parts trimmed', () => {
  assert.deepEqual(parseComponentId('otlp'), { ok: true, id: 'otlp', type: 'otlp', name: '' });
  assert.deepEqual(parseComponentId('otlp/ls'), { ok: true, id: 'otlp/ls', type: 'otlp', name: 'ls' });
  assert.deepEqual(parseComponentId(' loki / systemd '), { ok: true, id: 'loki/systemd', type: 'loki', name: 'systemd' });
  assert.equal(parseComponentId('fluentforward/docker/x').ok, true);
  assert.equal(parseComponentId('a/日本語-name.1').ok, true);
  assert.equal(parseComponentId(`x${'_'.repeat(62)}`).ok, true);
});

test('component ID errors use the Go messages', () => {
  assert.equal(err(parseComponentId('')), 'id must not be empty');
  assert.equal(err(parseComponentId('  ')), 'id must not be empty');
  assert.equal(err(parseComponentId('/name')), 'in "/name" id: the part before / should not be empty');
  assert.equal(err(parseComponentId('otlp/')), 'in "otlp/" id: the part after / should not be empty');
  assert.equal(err(parseComponentId('otlp/ ')), 'in "otlp/ " id: the part after / should not be empty');
  assert.equal(err(parseComponentId('1otlp')), 'in "1otlp" id: invalid character(s) in type "1otlp"');
  assert.equal(err(parseComponentId('ot-lp/x')), 'in "ot-lp/x" id: invalid character(s) in type "ot-lp"');
  assert.equal(err(parseComponentId(`x${'a'.repeat(63)}`)), `in "x${'a'.repeat(63)}" id: invalid character(s) in type "x${'a'.repeat(63)}"`);
  assert.equal(err(parseComponentId('otlp/a b')), 'in "a b" id: invalid character(s) in name "a b"');
  assert.equal(err(parseComponentId('otlp/a+b')), 'in "a+b" id: invalid character(s) in name "a+b"');
  const long = 'n'.repeat(1025);
  assert.equal(err(parseComponentId(`otlp/${long}`)), `in "${long}" id: name "${long}" is longer than 1024 characters (1025 characters)`);
});

test('pipeline IDs: signal[/name]; profiles parses and is then refused', () => {
  assert.deepEqual(parsePipelineId('traces/jaeger'), { ok: true, id: 'traces/jaeger', signal: 'traces', name: 'jaeger' });
  assert.deepEqual(parsePipelineId('metrics'), { ok: true, id: 'metrics', signal: 'metrics', name: '' });
  assert.equal(parsePipelineId('profiles').ok, true);
  assert.equal(err(parsePipelineId('spans/x')), 'in "spans/x" id: unknown pipeline signal: "spans"');
  assert.equal(err(parsePipelineId('Traces')), 'in "Traces" id: unknown pipeline signal: "Traces"');
  assert.equal(err(parsePipelineId('logs/')), 'in "logs/" id: the part after / should not be empty');
  assert.equal(err(parsePipelineId('')), 'id must not be empty');
  assert.equal(
    profilesNotSupported('profiles/x'),
    'pipeline "profiles/x": profiling signal support is at alpha level, gated under the "service.profilesSupport" feature gate',
  );
});
