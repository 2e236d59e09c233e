// file exporter options and defaults (contrib `exporter/fileexporter/{config.go,factory.go}`).
// `rotation` is enabled by the key's presence (Go's Unmarshal drops it when absent), and a
// `flush_interval` of 0 means the 1s default, as Go's Unmarshal sets it.

import { s, type ConfigIssue, type Infer } from '../../../core/schema.js';

const FORMATS = ['json', 'proto'] as const;
export const DEFAULT_FLUSH_INTERVAL_MS = 1_000;
/** lumberjack's size limit when max_megabytes is 0 (lumberjack.go defaultMaxSize). */
export const DEFAULT_MAX_MEGABYTES = 100;

const rotationConfig = s.object({
  max_megabytes: s.int(DEFAULT_MAX_MEGABYTES).doc('Size in MiB at which the file is rotated.'),
  max_days: s.int(0).doc('Days to keep rotated files, by the timestamp in their name; 0 keeps them regardless of age.'),
  max_backups: s.int(100).doc('Rotated files to keep; 0 keeps all.'),
  localtime: s.bool(false).doc('Name rotated files with local time instead of UTC.'),
});

export const fileConfig = s.object({
  path: s.string('').doc('File to write to (required). With group_by, contains one `*`.'),
  append: s.bool(false).doc('Append to an existing file instead of truncating it at start.'),
  rotation: s.presence(rotationConfig).doc('Rotate the file by size, keeping timestamped backups; off unless the key is present.'),
  format: s.string('json').doc('json: one OTLP/JSON request per line; proto: 4-byte big-endian length, then the protobuf request.'),
  encoding: s.string('').doc('Encoding extension ID: not supported by otelcol-ts (must be empty).'),
  compression: s.string('').doc('zstd compresses each request; records are then length-prefixed, whatever the format.'),
  flush_interval: s.duration(DEFAULT_FLUSH_INTERVAL_MS).doc('Interval between flushes of the write buffer; 0 means 1s.'),
  group_by: s
    .object({
      enabled: s.bool(false).doc('Write each resource to the file named by one of its attributes.'),
      resource_attribute: s.string('fileexporter.path_segment').doc('Resource attribute whose value replaces the `*` in path.'),
      max_open_files: s.int(100).doc('Files kept open at once; the least recently used is closed beyond that.'),
    })
    .doc('Split the output into one file per value of a resource attribute.'),
  create_directory: s.bool(false).doc("Create the file's directory at start."),
  directory_permissions: s.string('').doc('Octal mode for directories created by create_directory or group_by (default 0755).'),
});

export type FileConfig = Infer<typeof fileConfig.fields>;
export type RotationConfig = Infer<typeof rotationConfig.fields>;

/** The mode for created directories: directory_permissions parsed, or 0755. */
export function directoryMode(cfg: FileConfig): number {
  return cfg.directory_permissions === '' ? 0o755 : Number.parseInt(cfg.directory_permissions, 8);
}

/** Go's Config.Validate checks with its messages, plus what otelcol-ts refuses. */
export function validateFile(cfg: FileConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (path: string[], message: string) => issues.push({ path, message });
  if (cfg.path === '') add(['path'], 'path must be non-empty');
  if (cfg.append && cfg.compression !== '') add([], 'append and compression enabled at the same time is not supported');
  if (cfg.append && cfg.rotation !== undefined) add([], 'append and rotation enabled at the same time is not supported');
  if (!(FORMATS as readonly string[]).includes(cfg.format)) add(['format'], 'format type is not supported');
  if (cfg.compression !== '' && cfg.compression !== 'zstd') add(['compression'], 'compression is not supported');
  if (cfg.flush_interval < 0) add(['flush_interval'], 'flush_interval must be larger than zero');
  if (cfg.encoding !== '') {
    add(['encoding'], `encoding extensions are not supported by otelcol-ts; remove "encoding: ${cfg.encoding}" and use format: json or proto`);
  }
  if (cfg.group_by.enabled) {
    const parts = cfg.path.split('*');
    if (parts.length !== 2) add(['path'], 'path must contain exactly one * when group_by is enabled');
    else if (parts[0] === '') add(['path'], 'path must not start with * when group_by is enabled');
    if (cfg.group_by.resource_attribute === '') {
      add(['group_by', 'resource_attribute'], 'resource_attribute must not be empty when group_by is enabled');
    }
    // Go fails at start (simplelru: "must provide a positive size"); refusing it here says why earlier.
    if (cfg.group_by.max_open_files <= 0) add(['group_by', 'max_open_files'], 'max_open_files must be positive');
  }
  if (cfg.create_directory && cfg.directory_permissions !== '') {
    if (!/^[0-7]+$/.test(cfg.directory_permissions)) {
      add(['directory_permissions'], 'directory_permissions value must be a valid octal representation');
    } else if ((Number.parseInt(cfg.directory_permissions, 8) & ~0o777) !== 0) {
      add(['directory_permissions'], 'directory_permissions contain invalid bits for file access');
    }
  } else if (cfg.directory_permissions !== '') {
    add(['directory_permissions'], 'directory_permissions requires create_directory to be true');
  }
  return issues;
}
