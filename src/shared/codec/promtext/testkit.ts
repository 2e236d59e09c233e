// Debian's prometheus-node-exporter on loopback, for tests of scrape bodies (this codec) and of the
// prometheus receiver. A handful of collectors keeps each scrape fast on the shared CI box.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from '../../../testing/ports.js';

export const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';

export interface NodeExporter {
  address: string;
  url: string;
  stop(): Promise<void>;
}

export function haveNodeExporter(): boolean {
  return existsSync(NODE_EXPORTER);
}

export async function startNodeExporter(): Promise<NodeExporter> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    NODE_EXPORTER,
    [
      `--web.listen-address=${address}`,
      '--collector.disable-defaults',
      '--collector.cpu',
      '--collector.meminfo',
      '--collector.loadavg',
      '--collector.stat',
      '--collector.time',
      '--collector.uname',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    if (stderr.length < 8192) stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const res = await fetch(`http://${address}/metrics`);
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`prometheus-node-exporter did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    address,
    url: `http://${address}/metrics`,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
