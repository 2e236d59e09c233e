// Go's shouldRetry table (core exporter/otlpexporter/otlp.go) for every gRPC code, and what each
// becomes for the exporterhelper's retry loop.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsumerError } from '../../core/consumer.js';
import { retryInfoDetail } from '../../pdata/responses.js';
import { GrpcCallError } from '../grpcclient/index.js';
import { GrpcStatus, type GrpcStatusCode } from '../status/index.js';
import { classifyGrpcError, isRetryableGrpcCode } from './grpc-errors.js';

const RETRYABLE = new Set<number>([
  GrpcStatus.CANCELLED,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.ABORTED,
  GrpcStatus.OUT_OF_RANGE,
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.DATA_LOSS,
]);

test('every code other than the six transient ones is permanent; RESOURCE_EXHAUSTED only retries with RetryInfo', () => {
  for (const code of Object.values(GrpcStatus)) {
    const expected = RETRYABLE.has(code);
    assert.equal(isRetryableGrpcCode(code, false), expected, `code ${code} without RetryInfo`);
    assert.equal(isRetryableGrpcCode(code, true), expected || code === GrpcStatus.RESOURCE_EXHAUSTED, `code ${code} with RetryInfo`);
  }
});

const call = (code: GrpcStatusCode, delayMs?: number) =>
  new GrpcCallError(code, 'why', delayMs === undefined ? undefined : { code, message: 'why', details: [retryInfoDetail(delayMs)] });

test('classification: permanent, retryable with the server delay, throttled for RESOURCE_EXHAUSTED; other errors untouched', () => {
  const perm = classifyGrpcError(call(GrpcStatus.INVALID_ARGUMENT)) as ConsumerError;
  assert.equal(perm.kind, 'permanent');
  assert.equal(perm.message, 'rpc error: code = InvalidArgument desc = why');

  const unavailable = classifyGrpcError(call(GrpcStatus.UNAVAILABLE, 1_500)) as ConsumerError;
  assert.equal(unavailable.kind, 'retryable');
  assert.equal(unavailable.retryAfterMs, 1_500);
  assert.equal((classifyGrpcError(call(GrpcStatus.UNAVAILABLE)) as ConsumerError).retryAfterMs, undefined);

  const throttled = classifyGrpcError(call(GrpcStatus.RESOURCE_EXHAUSTED, 300)) as ConsumerError;
  assert.equal(throttled.kind, 'throttled');
  assert.equal(throttled.retryAfterMs, 300);
  assert.equal((classifyGrpcError(call(GrpcStatus.RESOURCE_EXHAUSTED)) as ConsumerError).kind, 'permanent');

  const network = new Error('connect ECONNREFUSED 127.0.0.1:4317');
  assert.equal(classifyGrpcError(network), network, 'the retry loop treats unknown errors as retryable');
});
