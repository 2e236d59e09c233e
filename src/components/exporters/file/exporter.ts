// The file exporter: every request marshaled (OTLP/JSON or protobuf, optionally zstd-compressed)
// and appended to one file, or to one file per resource attribute value with group_by. As in Go
// there is no sending queue and no retry: a failed write is returned to the pipeline. The file is
// opened at start; like Go, its directory is not created unless create_directory is set.

import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConsumerError } from '../../../core/consumer.js';
import type { CreateContext, Exporter } from '../../../core/component.js';
import type { Signal } from '../../../pdata/index.js';
import { createExporterHelper, DEFAULT_RETRY, queueSchema } from '../../../shared/exporterhelper/index.js';
import { DEFAULT_FLUSH_INTERVAL_MS, directoryMode, type FileConfig } from './config.js';
import { FileSink, type FileSinkOptions } from './file-sink.js';
import { GroupedFiles } from './group-by.js';
import { frameRecord, marshalPayload, writesLines, type Format, type RecordOptions } from './marshal.js';

/** A start failure that says which file and what to do about it. */
function openError(id: string, path: string, err: unknown): Error {
  const e = err as NodeJS.ErrnoException;
  const why =
    e.code === 'ENOENT'
      ? `directory "${dirname(path)}" does not exist (create it, or set create_directory: true)`
      : e.code === 'EACCES'
        ? `permission denied (${e.message})`
        : e.message;
  return new Error(`exporter "${id}": cannot open file "${path}": ${why}`, { cause: err });
}

export function createFileExporter(ctx: CreateContext, cfg: FileConfig, signals: ReadonlySet<Signal>): Exporter {
  const recordOpts: RecordOptions = { format: cfg.format as Format, compression: cfg.compression };
  const lines = writesLines(recordOpts);
  const dirMode = directoryMode(cfg);
  const sinkOptions: FileSinkOptions = {
    append: cfg.append,
    rotation: cfg.rotation,
    flushIntervalMs: cfg.flush_interval === 0 ? DEFAULT_FLUSH_INTERVAL_MS : cfg.flush_interval,
    logger: ctx.logger,
    directoryMode: dirMode,
  };
  let single: FileSink | undefined;
  let grouped: GroupedFiles | undefined;

  const encode = async (payload: Parameters<typeof marshalPayload>[0]): Promise<Buffer> => {
    try {
      return frameRecord(await marshalPayload(payload, recordOpts), lines);
    } catch (err) {
      throw ConsumerError.permanent(`cannot marshal ${payload.signal}: ${(err as Error).message}`, err);
    }
  };

  const helper = createExporterHelper({
    id: ctx.id,
    logger: ctx.logger,
    metrics: ctx.telemetry.exporter(ctx.id),
    timeoutMs: 0,
    retry: { ...DEFAULT_RETRY, enabled: false },
    queue: { ...queueSchema().defaultValue(), enabled: false },
    signals,
    async send(payload) {
      if (grouped) {
        // Go joins the per-file errors into one permanent error (grouping_file_exporter.go).
        const errors: string[] = [];
        for (const [segment, part] of grouped.split(payload)) {
          try {
            await grouped.write(segment, await encode(part));
          } catch (err) {
            errors.push((err as Error).message);
          }
        }
        if (errors.length > 0) throw ConsumerError.permanent(errors.join('; '));
        return;
      }
      if (!single) throw ConsumerError.retryable(`exporter "${ctx.id}" is not started`);
      await single.write(await encode(payload));
    },
  });

  let started = false;
  return {
    mutatesData: false,
    consume: (data, rctx) => helper.consume(data, rctx),
    async start() {
      if (started) return;
      if (cfg.group_by.enabled) {
        grouped = new GroupedFiles(cfg.path, cfg.group_by.resource_attribute, cfg.group_by.max_open_files, dirMode, sinkOptions, ctx.logger);
      } else {
        const sink = new FileSink(cfg.path, sinkOptions);
        try {
          if (cfg.create_directory) await mkdir(dirname(cfg.path), { recursive: true, mode: dirMode });
          await sink.open();
        } catch (err) {
          throw openError(ctx.id, cfg.path, err);
        }
        single = sink;
      }
      started = true;
      helper.start();
    },
    async shutdown() {
      await helper.shutdown();
      const s = single;
      single = undefined;
      await s?.close();
      await grouped?.closeAll();
    },
  };
}
