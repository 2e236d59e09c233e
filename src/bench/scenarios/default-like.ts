// The config/default.yaml shape (otlp grpc+http → batch → debug for all three signals,
// health_check, self-metrics) on free ports, shared by the startup and idle scenarios.

import type { PipelineSpec } from '../configs.js';
import type { BenchContext } from '../context.js';
import { freePorts } from '../context.js';

export async function defaultLikeSpec(): Promise<PipelineSpec> {
  const [grpcPort, httpPort, healthPort, metricsPort] = await freePorts(4);
  return { grpcPort, httpPort, exporter: 'debug', healthPort: healthPort!, metricsPort: metricsPort!, allSignals: true };
}

/** Sides able to run the default-like config, with notes for those that cannot. */
export function defaultLikeSides(ctx: BenchContext): { sides: ('ours' | 'reference')[]; notes: string[] } {
  const notes: string[] = [];
  const sides: ('ours' | 'reference')[] = [];
  const missing = ctx.oursMissing(['otlp'], ['debug']);
  if (missing) notes.push(`${missing}: ours not measured`);
  else sides.push('ours');
  if (ctx.reference) sides.push('reference');
  else notes.push('reference collector not built: ours only');
  return { sides, notes };
}
