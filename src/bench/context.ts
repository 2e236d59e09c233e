// The state a scenario runs with: options (quick/full), the two collectors, a temp dir for
// configs, and how to start a collector pinned to the collector core and wait for its health.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConfig, type PipelineSpec, type SideName } from './configs.js';
import { spawnPinned, waitHttpOk, type Proc } from './proc.js';
import type { Ours, Reference } from './reference.js';

/** The machine has two cores: the collector (or baseline) gets one, load and sink the other. */
export const COLLECTOR_CPU = '0';
export const LOAD_CPU = '1';

export interface BenchOptions {
  mode: 'quick' | 'full';
  reps: number;
  durationSec: number;
  warmupSec: number;
  /** Run our collector with --cpu-prof into this directory. */
  profileDir?: string;
}

export const QUICK: BenchOptions = { mode: 'quick', reps: 2, durationSec: 5, warmupSec: 1 };
export const FULL: BenchOptions = { mode: 'full', reps: 5, durationSec: 15, warmupSec: 2 };

export interface RunningCollector {
  side: SideName;
  proc: Proc;
  spec: PipelineSpec;
  /** performance.now() when health first answered 200. */
  readyAt: number;
}

export class BenchContext {
  private configSeq = 0;

  constructor(
    readonly opts: BenchOptions,
    readonly ours: Ours,
    readonly reference: Reference | undefined,
    readonly tmpDir: string,
    readonly log: (line: string) => void,
  ) {
    mkdirSync(tmpDir, { recursive: true });
  }

  /** Sides a comparison runs, in the order for `round`: alternated so neither side always goes first. */
  sides(round: number): SideName[] {
    const all: SideName[] = this.reference ? ['ours', 'reference'] : ['ours'];
    return round % 2 === 0 ? all : [...all].reverse();
  }

  hasNop(side: SideName): boolean {
    return side === 'ours' ? this.ours.components.exporters.has('nop') : (this.reference?.components.exporters.has('nop') ?? false);
  }

  /** Why our collector cannot run a config needing these components, or undefined. */
  oursMissing(receivers: string[], exporters: string[]): string | undefined {
    const miss = [
      ...receivers.filter((r) => !this.ours.components.receivers.has(r)).map((r) => `receiver ${r}`),
      ...exporters.filter((e) => !this.ours.components.exporters.has(e)).map((e) => `exporter ${e}`),
    ];
    return miss.length ? `our collector has no ${miss.join(', ')}` : undefined;
  }

  writeConfig(side: SideName, spec: PipelineSpec): string {
    const file = join(this.tmpDir, `${side}-${++this.configSeq}.yaml`);
    writeFileSync(file, renderConfig(spec, this.hasNop(side)));
    return file;
  }

  /** Spawns a collector on the collector core; `wait` false returns before readiness (startup timing). */
  spawnCollector(side: SideName, spec: PipelineSpec): Proc {
    const file = this.writeConfig(side, spec);
    if (side === 'reference') {
      if (!this.reference) throw new Error('reference collector not available');
      return spawnPinned(this.reference.collector, [`--config=${file}`], { name: 'otelcol-ref', cpus: COLLECTOR_CPU });
    }
    const nodeFlags = this.opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${this.opts.profileDir}`] : [];
    return spawnPinned(process.execPath, [...nodeFlags, this.ours.entry, `--config=${file}`], { name: 'otelcol-ts', cpus: COLLECTOR_CPU });
  }

  async startCollector(side: SideName, spec: PipelineSpec): Promise<RunningCollector> {
    const proc = this.spawnCollector(side, spec);
    try {
      const readyAt = await waitHttpOk(`http://127.0.0.1:${spec.healthPort}/`, proc, 30_000);
      return { side, proc, spec, readyAt };
    } catch (err) {
      await proc.stop(1000);
      throw err;
    }
  }
}

export { freePorts } from '../testing/ports.js';
