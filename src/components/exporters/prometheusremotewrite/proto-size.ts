// Protobuf sizes of the pieces of a remote-write request, computed without encoding (for the split at
// max_batch_size_bytes).

/** Protobuf size of a varint. */
export function varintSize(v: number): number {
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

const NON_ASCII = /[^\x00-\x7f]/;

export function utf8Size(s: string): number {
  return NON_ASCII.test(s) ? Buffer.byteLength(s) : s.length;
}

export function labelSize(name: string, value: string): number {
  const n = utf8Size(name);
  const v = utf8Size(value);
  const inner = 1 + varintSize(n) + n + 1 + varintSize(v) + v;
  return 1 + varintSize(inner) + inner;
}
