// Pure translation for the file exporter: a payload to the bytes of one record in the file
// (contrib `exporter/fileexporter/{marshaller.go,file_writer.go,compress.go}`). JSON without
// compression is one request per line; protobuf, or anything compressed, is a 4-byte
// big-endian length followed by the (compressed) request.

import { compress } from '../../../shared/compression/index.js';
import type { Payload } from '../../../pdata/index.js';

export type Format = 'json' | 'proto';

export interface RecordOptions {
  format: Format;
  /** '' or 'zstd': each request is compressed on its own (Go's message-level compression). */
  compression: string;
}

/** The serialized request, compressed when configured. */
export async function marshalPayload(p: Payload, opts: RecordOptions): Promise<Buffer> {
  const data = p;
  const raw = opts.format === 'proto' ? data.toProto() : Buffer.from(data.toJSON(), 'utf8');
  return opts.compression === '' ? raw : compress(opts.compression, raw);
}

/** True when records are written as lines (JSON, uncompressed); false for length-prefixed. */
export function writesLines(opts: RecordOptions): boolean {
  return opts.format === 'json' && opts.compression === '';
}

const NEWLINE = Buffer.from('\n');

/** One record as written to the file. */
export function frameRecord(body: Buffer, lines: boolean): Buffer {
  if (lines) return Buffer.concat([body, NEWLINE]);
  const head = Buffer.allocUnsafe(4);
  head.writeUInt32BE(body.length, 0);
  return Buffer.concat([head, body]);
}

/** Splits a length-prefixed file back into its records (for tools and tests). */
export function readFramedRecords(file: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let p = 0;
  while (p < file.length) {
    if (p + 4 > file.length) throw new Error(`truncated length prefix at byte ${p}`);
    const n = file.readUInt32BE(p);
    if (p + 4 + n > file.length) throw new Error(`record at byte ${p} runs past the end of the file`);
    out.push(file.subarray(p + 4, p + 4 + n));
    p += 4 + n;
  }
  return out;
}
