// The `prometheus` receiver: a Prometheus scraper. Targets come from static_configs and
// file_sd_configs, are relabeled, and each is scraped on its own timer at an offset within the
// interval derived from its identity (Prometheus spreads targets the same way, scrape/target.go
// offset), so restarts keep the phase and targets do not scrape in lockstep.

import type { CreateContext, Host, Receiver } from '../../../core/component.js';
import type { Consumer } from '../../../core/consumer.js';
import type { Signal } from '../../../core/payload.js';
import { Metrics } from '../../../pdata/index.js';
import { MetadataStore, ResourceCache, translateV1 } from '../../../shared/promtootlp/index.js';
import { ReceiverHelper } from '../../../shared/receiverhelper/index.js';
import { loadPromConfig, type PrometheusReceiverConfig } from './config.js';
import { FileSd } from './filesd.js';
import { applyScrapeResource } from './resource.js';
import type { PromConfig, ScrapeConfig, TargetGroup } from './promconfig.js';
import { scrapeTarget, type SeriesState } from './scrape.js';
import { targetsOf, type Target } from './targets.js';

interface Loop {
  target: Target;
  timer: NodeJS.Timeout | undefined;
  series: Map<string, SeriesState>;
  running: Promise<void> | undefined;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

class JobScraper {
  private readonly groups = new Map<string, TargetGroup[]>();
  private readonly loops = new Map<string, Loop>();
  private readonly sds: FileSd[] = [];
  private stopped = false;

  constructor(
    private readonly cfg: ScrapeConfig,
    private readonly receiver: PrometheusReceiver,
  ) {}

  async start(): Promise<void> {
    this.groups.set('static', this.cfg.staticConfigs);
    this.sync();
    for (const [i, f] of this.cfg.fileSdConfigs.entries()) {
      const sd = new FileSd(
        f,
        (groups) => {
          this.groups.set(`file/${i}`, groups);
          this.sync();
        },
        (msg) => this.receiver.warn(this.cfg.jobName, msg),
      );
      this.sds.push(sd);
      await sd.start();
    }
  }

  targets(): Target[] {
    return [...this.loops.values()].map((l) => l.target);
  }

  private sync(): void {
    if (this.stopped) return;
    const { targets, errors } = targetsOf(this.cfg, [...this.groups.values()].flat());
    for (const e of errors) this.receiver.warn(this.cfg.jobName, e);
    const keep = new Set(targets.map((t) => t.key));
    for (const [key, loop] of this.loops) {
      if (!keep.has(key)) {
        clearTimeout(loop.timer);
        this.loops.delete(key);
      }
    }
    for (const t of targets) {
      if (this.loops.has(t.key)) continue;
      const loop: Loop = { target: t, timer: undefined, series: new Map(), running: undefined };
      this.loops.set(t.key, loop);
      const interval = this.cfg.intervalMs;
      const now = Date.now();
      const offset = (fnv1a(t.key) % interval) - (now % interval);
      const first = offset < 0 ? offset + interval : offset;
      this.schedule(loop, first);
    }
  }

  private schedule(loop: Loop, delay: number): void {
    loop.timer = setTimeout(() => {
      if (this.stopped || this.loops.get(loop.target.key) !== loop) return;
      const started = Date.now();
      loop.running = this.receiver.scrape(this.cfg, loop).finally(() => {
        loop.running = undefined;
      });
      // Next tick on the grid, whatever this scrape takes (it is bounded by scrape_timeout ≤ interval).
      this.schedule(loop, Math.max(0, this.cfg.intervalMs - (Date.now() - started)));
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const sd of this.sds) sd.stop();
    for (const loop of this.loops.values()) clearTimeout(loop.timer);
    await Promise.all([...this.loops.values()].map((l) => l.running));
  }
}

export class PrometheusReceiver implements Receiver {
  private helper: ReceiverHelper | undefined;
  private readonly jobs: JobScraper[] = [];
  private readonly resources = new ResourceCache(10_000);
  private scope = { name: 'otelcol-ts', version: '' };
  private promConfig: PromConfig | undefined;
  private readonly lastWarn = new Map<string, number>();

  constructor(
    private readonly ctx: CreateContext,
    private readonly cfg: PrometheusReceiverConfig,
    private readonly consumers: Partial<Record<Signal, Consumer>>,
  ) {}

  async start(host: Host): Promise<void> {
    const next = this.consumers.metrics;
    if (!next) throw new Error(`${this.ctx.id}: the prometheus receiver feeds metrics pipelines only`);
    const build = host.service?.build;
    if (build) this.scope = { name: build.description, version: build.version };
    const { id, logger, telemetry } = this.ctx;
    this.helper = new ReceiverHelper({ id, transport: 'http', telemetry, logger, consumers: { metrics: next }, format: 'Prometheus scrape' });
    const pc = loadPromConfig(this.cfg);
    this.promConfig = pc;
    if (pc.ignored.length > 0) {
      logger.warn({ sections: pc.ignored }, `Prometheus server sections are ignored by the scraper: ${pc.ignored.join(', ')}`);
    }
    for (const sc of pc.scrapeConfigs) {
      if (sc.unsupported.length > 0)
        logger.warn({ job: sc.jobName, keys: sc.unsupported }, `Scrape config keys not supported yet, ignored: ${sc.unsupported.join(', ')}`);
      const job = new JobScraper(sc, this);
      this.jobs.push(job);
      await job.start();
    }
    logger.info({ jobs: pc.scrapeConfigs.length, targets: this.jobs.reduce((n, j) => n + j.targets().length, 0) }, 'Starting Prometheus scraper');
  }

  /** Current targets per job (tests, zpages-like introspection). */
  targets(): Map<string, Target[]> {
    const out = new Map<string, Target[]>();
    this.jobs.forEach((j, i) => out.set(this.promConfig!.scrapeConfigs[i]!.jobName, j.targets()));
    return out;
  }

  /** @internal Scrapes one target and forwards the result. */
  async scrape(sc: ScrapeConfig, loop: Loop): Promise<void> {
    const result = await scrapeTarget(sc, loop.target, this.promConfig!.externalLabels, loop.series);
    loop.series = result.current;
    if (result.error !== undefined)
      this.warn(`${sc.jobName}:${loop.target.url}`, `scrape failed: ${result.error}`, { job: sc.jobName, target: loop.target.url });
    // Metadata is per scrape: a fresh store per target body, as Go keeps it per target.
    const t = translateV1(result.request, new MetadataStore(), {
      scopeName: this.scope.name,
      scopeVersion: this.scope.version,
      resources: this.resources,
    });
    if (t.resourceMetrics.length === 0) return;
    const label = (n: string): string => loop.target.labels.find((l) => l.name === n)?.value ?? '';
    applyScrapeResource(t.resourceMetrics, label('job'), label('instance'), loop.target.url.slice(0, loop.target.url.indexOf(':')));
    try {
      await this.helper!.push('metrics', new Metrics(t.resourceMetrics));
    } catch {
      // Counted and logged by the helper; a scraper has nobody to return the error to.
    }
  }

  /** Rate-limited warning: one per key per minute. */
  warn(key: string, message: string, fields: Record<string, unknown> = {}): void {
    const now = Date.now();
    const last = this.lastWarn.get(key + message);
    if (last !== undefined && now - last < 60_000) return;
    this.lastWarn.set(key + message, now);
    if (this.lastWarn.size > 10_000) this.lastWarn.clear();
    this.ctx.logger.warn(fields, message);
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.jobs.map((j) => j.stop()));
    this.jobs.length = 0;
  }
}
