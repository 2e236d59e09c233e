import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import type { Extension } from '../../../core/component.js';
import { testHost } from '../../../testing/host.js';
import { pprofFactory } from './factory.js';
import { pprofConfig, type PprofConfig } from './config.js';
import { profileSeconds } from './extension.js';
import { DecodeContext } from '../../../core/schema.js';
import { MetricsRegistry } from '../../../telemetry/metrics.js';

const logger = pino({ level: 'silent' });
const host = testHost();

function decode(user: unknown): PprofConfig {
  const ctx = new DecodeContext();
  const cfg = pprofConfig.decode(user, [], ctx);
  assert.deepEqual(ctx.issues, []);
  return cfg;
}

function get(address: string, path: string, signal?: AbortSignal) {
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, signal }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    })
      .on('error', reject)
      .end();
  });
}

async function started(user: unknown): Promise<[Extension, string]> {
  const ext = pprofFactory.create({ id: 'pprof', kind: 'extension', logger, telemetry: new MetricsRegistry() }, decode(user));
  await ext.start(host);
  return [ext, ext.address as string];
}

function burnCpu(ms: number): number {
  const end = Date.now() + ms;
  let x = 0;
  while (Date.now() < end) x += Math.sqrt(x + 1);
  return x;
}

test('CPU profile: seconds=1 returns a .cpuprofile; a second request meanwhile gets 409', async () => {
  const [ext, address] = await started({ endpoint: '127.0.0.1:0' });
  try {
    const pending = get(address, '/debug/pprof/profile?seconds=1');
    await sleep(100);
    const conflict = await get(address, '/debug/pprof/heap');
    assert.equal(conflict.status, 409);
    burnCpu(200);
    const r = await pending;
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/json');
    assert.match(String(r.headers['content-disposition']), /profile\.cpuprofile/);
    const profile = JSON.parse(r.body) as { nodes: Array<{ callFrame: { functionName: string } }>; startTime: number; endTime: number };
    assert.ok(Array.isArray(profile.nodes) && profile.nodes.length > 0);
    assert.ok(profile.endTime - profile.startTime >= 900_000, 'about one second of microseconds');
    assert.ok(profile.nodes.some((n) => n.callFrame.functionName === 'burnCpu'));
  } finally {
    await ext.shutdown();
  }
});

test('heap snapshot streams a .heapsnapshot', async () => {
  const [ext, address] = await started({ endpoint: '127.0.0.1:0' });
  try {
    const r = await get(address, '/debug/pprof/heap');
    assert.equal(r.status, 200);
    assert.ok(r.body.startsWith('{"snapshot":'), r.body.slice(0, 40));
    const snap = JSON.parse(r.body) as { snapshot: { node_count: number } };
    assert.ok(snap.snapshot.node_count > 0);
  } finally {
    await ext.shutdown();
  }
});

test('index, cmdline, unknown profiles and bad durations', async () => {
  const [ext, address] = await started({ endpoint: '127.0.0.1:0', block_profile_fraction: 5 });
  try {
    const index = await get(address, '/debug/pprof/');
    assert.equal(index.status, 200);
    assert.match(index.body, /href="profile\?seconds=30"/);
    assert.match(index.body, /href="heap"/);
    assert.equal((await get(address, '/debug/pprof/cmdline')).body, process.argv.join('\x00'));
    const unknown = await get(address, '/debug/pprof/goroutine');
    assert.deepEqual([unknown.status, unknown.body], [404, 'Unknown profile\n']);
    assert.equal((await get(address, '/')).status, 404);
    assert.equal((await get(address, '/debug/pprof/profile?seconds=301')).status, 400);
  } finally {
    await ext.shutdown();
  }
  assert.equal(profileSeconds(null), 30);
  assert.equal(profileSeconds('abc'), 30);
  assert.equal(profileSeconds('0'), 30);
  assert.equal(profileSeconds('5'), 5);
});

test('a client that disconnects ends its profile and frees the profiler', async () => {
  const [ext, address] = await started({ endpoint: '127.0.0.1:0' });
  try {
    const ac = new AbortController();
    const pending = get(address, '/debug/pprof/profile?seconds=60', ac.signal).catch((e: Error) => e);
    await sleep(100);
    ac.abort();
    assert.ok((await pending) instanceof Error);
    let status = 409;
    for (let i = 0; i < 50 && status === 409; i++) {
      await sleep(20);
      status = (await get(address, '/debug/pprof/heap')).status;
    }
    assert.equal(status, 200);
  } finally {
    await ext.shutdown();
  }
});

test('save_to_file writes a lifetime CPU profile at shutdown; a bad path fails start', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pprof-test-'));
  try {
    const path = join(dir, 'collector.cpuprofile');
    const [ext] = await started({ endpoint: '127.0.0.1:0', save_to_file: path });
    burnCpu(50);
    await ext.shutdown();
    const profile = JSON.parse(await readFile(path, 'utf8')) as { nodes: unknown[] };
    assert.ok(profile.nodes.length > 0);
    const bad = pprofFactory.create(
      { id: 'pprof', kind: 'extension', logger, telemetry: new MetricsRegistry() },
      decode({ endpoint: '127.0.0.1:0', save_to_file: join(dir, 'missing', 'x.cpuprofile') }),
    );
    await assert.rejects(bad.start(host), /ENOENT/);
    assert.equal(bad.address, undefined);
    await bad.shutdown();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('defaults', () => {
  assert.deepEqual(pprofConfig.defaultValue(), {
    endpoint: 'localhost:1777',
    block_profile_fraction: 0,
    mutex_profile_fraction: 0,
    save_to_file: '',
  });
});
