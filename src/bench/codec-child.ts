// Runs the pdata codec micro-benchmark in its own process (pinned by the harness to the
// collector core) and prints its results as one JSON line: `--rounds=N --ms=M`.

import { runCodecBench } from '../pdata/codec.bench.js';

const arg = (k: string, d: number): number => Number(process.argv.find((a) => a.startsWith(`--${k}=`))?.split('=')[1] ?? d);
const lines: string[] = [];
const results = runCodecBench({ rounds: arg('rounds', 5), msPerCase: arg('ms', 1000), log: (l) => lines.push(l) });
process.stdout.write(`${JSON.stringify({ event: 'codec', header: lines[0] ?? '', results })}\n`);
