// Every scenario, in the order a run executes them. Adding one: a file here and a line below.

import type { Scenario } from '../scenario.js';
import { codec } from './codec.js';
import { fluentForwardToLoki } from './fluentforward-to-loki.js';
import { fluentForwardToNop } from './fluentforward-to-nop.js';
import { grpcIngestPassthrough } from './grpc-ingest-passthrough.js';
import { httpIngestPassthrough } from './http-ingest-passthrough.js';
import { idle } from './idle.js';
import { jaegerThriftHttp } from './jaeger-thrift-http.js';
import { otlpGrpcToOtlp, otlpHttpToOtlp } from './otlp-to-otlp.js';
import { prometheusScrape } from './prometheus-scrape.js';
import { prw } from './prw.js';
import { spanmetrics } from './spanmetrics.js';
import { startup } from './startup.js';
import { otlpGrpcSteady, otlpHttpSteady } from './steady-saturation.js';
import { trace10kGrpc, trace10kHttp } from './trace10k.js';
import { workersScaling } from './workers-scaling.js';

export const SCENARIOS: readonly Scenario[] = [
  codec,
  httpIngestPassthrough,
  grpcIngestPassthrough,
  otlpHttpToOtlp,
  otlpGrpcToOtlp,
  otlpHttpSteady,
  otlpGrpcSteady,
  jaegerThriftHttp,
  fluentForwardToNop,
  fluentForwardToLoki,
  prw,
  spanmetrics,
  trace10kGrpc,
  trace10kHttp,
  startup,
  idle,
  workersScaling,
  prometheusScrape,
];
