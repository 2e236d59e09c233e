import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grpcCodeForHttp, grpcCodeForHttpStatus, grpcCodeName, GrpcStatus, httpStatusForGrpc } from './index.js';
import * as server from '../grpcserver/status.js';
import * as client from '../grpcclient/codes.js';

test('OTLP/HTTP server: status for a code (Go GetHTTPStatusCodeFromStatus)', () => {
  const table: Array<[number, number]> = [
    [GrpcStatus.UNAVAILABLE, 503],
    [GrpcStatus.CANCELLED, 503],
    [GrpcStatus.DEADLINE_EXCEEDED, 503],
    [GrpcStatus.ABORTED, 503],
    [GrpcStatus.OUT_OF_RANGE, 503],
    [GrpcStatus.DATA_LOSS, 503],
    [GrpcStatus.RESOURCE_EXHAUSTED, 429],
    [GrpcStatus.INVALID_ARGUMENT, 400],
    [GrpcStatus.UNAUTHENTICATED, 401],
    [GrpcStatus.PERMISSION_DENIED, 403],
    [GrpcStatus.UNIMPLEMENTED, 404],
    [GrpcStatus.INTERNAL, 500],
    [GrpcStatus.UNKNOWN, 500],
  ];
  for (const [code, status] of table) assert.equal(httpStatusForGrpc(code), status, grpcCodeName(code));
});

test('OTLP/HTTP server: code in the error body, and grpc-go client: code for a status without grpc-status', () => {
  // The two directions differ where Go's do: 400 and 429 most visibly.
  assert.equal(grpcCodeForHttp(400), GrpcStatus.INVALID_ARGUMENT);
  assert.equal(grpcCodeForHttpStatus(400), GrpcStatus.INTERNAL);
  assert.equal(grpcCodeForHttp(429), GrpcStatus.RESOURCE_EXHAUSTED);
  assert.equal(grpcCodeForHttpStatus(429), GrpcStatus.UNAVAILABLE);
  for (const s of [502, 503, 504]) {
    assert.equal(grpcCodeForHttp(s), GrpcStatus.UNAVAILABLE);
    assert.equal(grpcCodeForHttpStatus(s), GrpcStatus.UNAVAILABLE);
  }
  assert.equal(grpcCodeForHttp(418), GrpcStatus.UNKNOWN);
  assert.equal(grpcCodeForHttpStatus(500), GrpcStatus.UNKNOWN);
});

test("Go's code names, and one table behind the server and client modules", () => {
  assert.equal(grpcCodeName(GrpcStatus.CANCELLED), 'Canceled');
  assert.equal(grpcCodeName(14), 'Unavailable');
  assert.equal(grpcCodeName(17), 'Code(17)');
  assert.equal(server.GrpcStatus, GrpcStatus);
  assert.equal(server.httpStatusForGrpc, httpStatusForGrpc);
  assert.equal(client.grpcCodeForHttpStatus, grpcCodeForHttpStatus);
  assert.equal(client.grpcCodeName, grpcCodeName);
});
