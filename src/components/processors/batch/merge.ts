// Joining and splitting payloads of one signal. Every payload class offers a static
// `concat(list)` and an instance `splitByItems(max)`; OTLP payloads do both on the serialized
// requests without decoding (see src/pdata/otlp-payload.ts).

import type { Payload, PayloadBase } from '../../../core/payload.js';

interface Splittable extends PayloadBase {
  splitByItems(max: number): Payload[];
}

type PayloadClass = { concat?: (list: readonly Payload[]) => Payload; name: string };

export function mergePayloads(list: readonly Payload[]): Payload {
  if (list.length === 1) return list[0]!;
  const cls = list[0]!.constructor as PayloadClass;
  if (typeof cls.concat !== 'function') throw new Error(`${cls.name} payloads cannot be merged`);
  return cls.concat(list);
}

export function splitPayload(p: Payload, max: number): Payload[] {
  if (p.itemCount() <= max) return [p];
  const s = p as Splittable;
  if (typeof s.splitByItems !== 'function') throw new Error(`${p.constructor.name} payloads cannot be split`);
  return s.splitByItems(max);
}
