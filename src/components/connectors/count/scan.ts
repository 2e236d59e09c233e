// Counting straight from the request bytes when no count looks at an item (no conditions, no
// attributes: the defaults and the 2023-07 seed config). A payload that arrived as OTLP protobuf
// and was only batched is still bytes; decoding it just to count cost most of the time of a
// traces → batch → count pipeline (measured: the full decode runs at ~0.4–0.9 M spans/s, the
// scan several times that), so we read each resource's attributes and count the rest by walking
// the wire structure (pdata's countItems), never building spans, records or points.

import { Resource } from '../../../pdata/common.js';
import { readResource } from '../../../pdata/wire/common-decode.js';
import { Reader } from '../../../pdata/wire/reader.js';
import { countItems, type Levels } from '../../../pdata/wire/scan.js';

/** Paths from a Resource{Spans,Logs,Metrics} message down to the items counted (field numbers per level). */
export const SPANS: Levels = [[2], [2]];
export const SPAN_EVENTS: Levels = [[2], [2], [11]];
export const LOG_RECORDS: Levels = [[2], [2]];
export const METRICS: Levels = [[2], [2]];
/** Metrics that hold a data field (gauge, sum, histogram, exponential histogram, summary). */
export const METRIC_DATA: Levels = [[2], [2], [5, 7, 9, 10, 11]];
export const DATA_POINTS: Levels = [[2], [2], [5, 7, 9, 10, 11], [1]];

export interface ScannedResource {
  resource: Resource;
  /** One count per entry of `levels`, in order. */
  counts: number[];
}

/** Each top-level resource block of an Export*ServiceRequest, its resource decoded and its items counted. */
export function scanResources(buf: Buffer, levels: readonly Levels[]): ScannedResource[] {
  const r = new Reader(buf);
  const out: ScannedResource[] = [];
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag !== 0x0a) {
      r.skip(tag, r.end, 0, 'Export request');
      continue;
    }
    const end = r.lenEnd(r.end);
    const start = r.pos;
    let resource = new Resource();
    while (r.pos < end) {
      const t = r.varint();
      if (t === 0x0a) {
        const e = r.lenEnd(end);
        resource = readResource(r, e);
      } else r.skip(t, end, 0, 'resource block');
    }
    out.push({ resource, counts: levels.map((l) => countItems(buf, l, 0, start, end)) });
  }
  return out;
}
