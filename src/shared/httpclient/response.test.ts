import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeContext } from '../../core/schema.js';
import { httpClientSchema, httpResponseError, parseRetryAfter, splitUserInfo, stripUrlCredentials, validateHttpClient } from './index.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');

test('Retry-After: delay-seconds and HTTP dates', () => {
  assert.equal(parseRetryAfter('7', NOW), 7_000);
  assert.equal(parseRetryAfter(' 0 ', NOW), 0);
  assert.equal(parseRetryAfter('Wed, 01 May 2024 12:00:30 GMT', NOW), 30_000);
  assert.equal(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', NOW), 0);
  assert.equal(parseRetryAfter('soon', NOW), undefined);
  assert.equal(parseRetryAfter(undefined, NOW), undefined);
});

test('status classification follows the OTLP exporter', () => {
  const url = 'https://447801:glc_token@otlp-gateway.example/otlp/v1/logs';
  assert.equal(httpResponseError({ url, statusCode: 200, headers: {} }), undefined);
  assert.equal(httpResponseError({ url, statusCode: 204, headers: {} }), undefined);

  const throttled = httpResponseError({ url, statusCode: 429, headers: { 'retry-after': '3' } }, NOW)!;
  assert.equal(throttled.kind, 'throttled');
  assert.equal(throttled.retryAfterMs, 3_000);
  assert.equal(throttled.message, 'error exporting items, request to https://otlp-gateway.example/otlp/v1/logs responded with HTTP Status Code 429');
  const unavailable = httpResponseError({ url, statusCode: 503, headers: { 'retry-after': 'Wed, 01 May 2024 12:01:00 GMT' } }, NOW)!;
  assert.equal(unavailable.kind, 'retryable');
  assert.equal(unavailable.retryAfterMs, 60_000);
  // Go honours Retry-After only on 429 and 503.
  const badGateway = httpResponseError({ url, statusCode: 502, headers: { 'retry-after': '9' } }, NOW)!;
  assert.equal(badGateway.kind, 'retryable');
  assert.equal(badGateway.retryAfterMs, undefined);
  assert.equal(httpResponseError({ url, statusCode: 504, headers: {} })!.kind, 'retryable');
  for (const code of [400, 401, 403, 404, 413, 500]) assert.equal(httpResponseError({ url, statusCode: code, headers: {} })!.kind, 'permanent');

  const withStatus = httpResponseError({ url, statusCode: 400, headers: {}, message: 'invalid span id' })!;
  assert.match(withStatus.message, /HTTP Status Code 400, Message=invalid span id, Details=\[\]$/);
  assert.ok(!withStatus.message.includes('glc_token'));

  const loki = httpResponseError({
    url,
    statusCode: 500,
    headers: {},
    retryable: (c) => c === 429 || c >= 500,
    text: 'HTTP 500 "Internal Server Error": boom',
  })!;
  assert.equal(loki.kind, 'retryable');
  assert.equal(loki.message, 'HTTP 500 "Internal Server Error": boom');
});

test('user-info is split off into Basic auth and never kept in the URL', () => {
  const { url, basicAuth } = splitUserInfo('https://447801:p%40ss@host.example:8443/otlp');
  assert.equal(url.toString(), 'https://host.example:8443/otlp');
  assert.equal(basicAuth, `Basic ${Buffer.from('447801:p@ss').toString('base64')}`);
  assert.equal(splitUserInfo('http://host/').basicAuth, undefined);
  assert.equal(stripUrlCredentials('http://u:p@h/x'), 'http://h/x');
  assert.equal(stripUrlCredentials('not a url'), 'not a url');
});

test('client schema defaults and validation', () => {
  const ctx = new DecodeContext();
  const cfg = httpClientSchema({ compression: 'snappy', timeout: 5_000 }).decode(
    {
      endpoint: 'ftp://x',
      headers: { 'X-Scope-OrgID': 'tenant', Authorization: 'Bearer abc' },
      proxy_url: 'http://proxy:3128',
      auth: { authenticator: '' },
    },
    ['http'],
    ctx,
  );
  assert.equal(cfg.compression, 'snappy');
  assert.equal(cfg.timeout, 5_000);
  assert.equal(cfg.idle_conn_timeout, 90_000);
  assert.equal(cfg.max_idle_conns, 100);
  assert.ok(ctx.secrets.has('http::headers::Authorization'));
  const redacted = httpClientSchema().encode(cfg, true) as { headers: Record<string, string> };
  assert.equal(redacted.headers.Authorization, '[REDACTED]');
  assert.deepEqual(
    validateHttpClient(cfg).map((i) => `${i.path.join('::')}: ${i.message}`),
    [
      'proxy_url: proxy_url is not supported by otelcol-ts',
      'endpoint: invalid endpoint "ftp://x": must be an http:// or https:// URL',
      'auth::authenticator: authenticator ID must not be empty',
    ],
  );
  const lz4 = httpClientSchema().decode({ compression: 'lz4' }, [], new DecodeContext());
  assert.match(validateHttpClient(lz4)[0]!.message, /"lz4" is not supported/);
});
