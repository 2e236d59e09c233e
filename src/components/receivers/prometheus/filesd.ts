// file_sd_configs: target-group files (YAML or JSON, chosen by extension as Prometheus's
// discovery/file/file.go does; a `*` glob allowed in the last path element), re-read when they
// change (fs.watch on their directories) and every refresh_interval. A file that fails to parse
// keeps its last good groups, as Prometheus does, and is reported.

import { readdir, readFile } from 'node:fs/promises';
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse as parseYamlText } from 'yaml';
import { parseTargetGroups, type FileSdConfig, type TargetGroup } from './promconfig.js';

const PATTERN = /^[^*]*\*?[^*]*\.(json|yml|yaml)$/;

export class FileSd {
  private readonly byFile = new Map<string, TargetGroup[]>();
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly cfg: FileSdConfig,
    private readonly onChange: (groups: TargetGroup[]) => void,
    private readonly onError: (message: string) => void,
  ) {
    for (const f of cfg.files) if (!PATTERN.test(basename(f))) throw new Error(`path name ${JSON.stringify(f)} is not valid for file discovery`);
  }

  async start(): Promise<void> {
    await this.refresh();
    const dirs = new Set(this.cfg.files.map((f) => dirname(f)));
    for (const dir of dirs) {
      try {
        const w = watch(dir, () => this.schedule());
        w.on('error', (err) => this.onError(`watching ${dir}: ${err.message}`));
        this.watchers.push(w);
      } catch (err) {
        this.onError(`watching ${dir}: ${(err as Error).message}`);
      }
    }
    this.timer = setInterval(() => void this.refresh(), this.cfg.refreshIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.watchers) w.close();
    clearInterval(this.timer);
    clearTimeout(this.pending);
  }

  private schedule(): void {
    // Editors write a file in several steps; read once they are done.
    clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.refresh(), 100);
  }

  private async listFiles(): Promise<string[]> {
    const out: string[] = [];
    for (const f of this.cfg.files) {
      const base = basename(f);
      if (!base.includes('*')) {
        out.push(f);
        continue;
      }
      const [pre, post] = base.split('*') as [string, string];
      try {
        for (const name of await readdir(dirname(f))) if (name.startsWith(pre) && name.endsWith(post)) out.push(join(dirname(f), name));
      } catch {
        // a missing directory matches nothing
      }
    }
    return out;
  }

  private async refresh(): Promise<void> {
    if (this.stopped) return;
    const files = await this.listFiles();
    let changed = false;
    for (const known of [...this.byFile.keys()]) {
      if (!files.includes(known)) {
        this.byFile.delete(known);
        changed = true;
      }
    }
    for (const file of files) {
      try {
        const text = await readFile(file, 'utf8');
        const raw: unknown = file.endsWith('.json') ? JSON.parse(text) : parseYamlText(text);
        const groups = parseTargetGroups(raw, file, file).map((g) => ({ ...g, labels: { ...g.labels, __meta_filepath: file } }));
        const before = JSON.stringify(this.byFile.get(file));
        if (before !== JSON.stringify(groups)) {
          this.byFile.set(file, groups);
          changed = true;
        }
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          if (this.byFile.delete(file)) changed = true;
          this.onError(`file_sd: ${file} does not exist`);
        } else this.onError(`file_sd: error reading ${file}: ${(err as Error).message}`);
      }
    }
    if (changed && !this.stopped) this.onChange([...this.byFile.values()].flat());
  }
}
