// node-limits.md §1 / peers.md §4.9: the pdata codec on the 100-span request, in its own process
// on the collector core (runCodecBench interleaves cases in rounds and reports each as a ratio to
// protobufjs 7 decode in the same round).

import { join } from 'node:path';
import type { CodecBenchResult } from '../../pdata/codec.bench.js';
import { COLLECTOR_CPU } from '../context.js';
import { spawnPinned } from '../proc.js';
import { REPO_ROOT } from '../reference.js';
import { fmtNum, type Table } from '../result.js';
import type { Scenario } from '../scenario.js';

export const codec: Scenario = {
  name: 'codec',
  title: 'Codec micro-benchmark (ours; protobufjs 7 as the same-round reference)',
  async run(ctx) {
    const full = ctx.opts.mode === 'full';
    const rounds = full ? 7 : 3;
    const ms = full ? 1000 : 250;
    const proc = spawnPinned(process.execPath, [join(REPO_ROOT, 'dist-bench', 'bench', 'codec-child.js'), `--rounds=${rounds}`, `--ms=${ms}`], {
      name: 'codec',
      cpus: COLLECTOR_CPU,
    });
    const line = await proc.waitForLine(/"event":"codec"/, 600_000).finally(() => proc.stop(2000));
    const { header, results } = JSON.parse(line) as { header: string; results: CodecBenchResult[] };
    const table: Table = {
      headers: ['case', 'spans/s median [min–max]', 'ratio to protobufjs-7 decode (same round)'],
      rows: results.map((r) => [
        r.name,
        `${fmtNum(r.spansPerSec)} [${fmtNum(r.minSpansPerSec)}–${fmtNum(r.maxSpansPerSec)}]`,
        r.ratioToPbjs.toFixed(2),
      ]),
    };
    ctx.log(`  codec: ${results.length} cases`);
    return {
      method: `runCodecBench (dist/pdata/codec.bench.js) in a process pinned to the collector core: ${rounds} interleaved rounds × ${ms} ms per case after a warm-up. ${header}.`,
      notes: [],
      tables: [table],
      goals: [],
    };
  },
};
