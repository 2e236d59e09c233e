// Trace and span ids are latin1 "byte strings": one char per byte (char codes 0-255), '' when
// unset. Decoding cuts them from the reader's latin1 window (~15 ns vs 44 ns for a Buffer
// subarray, 74 ns for hex), they compare with ===, and they can key a Map (tail sampling,
// span-to-trace grouping) without conversion. Convert at the edges with these helpers.

import { PdataDecodeError } from './errors.js';

export function idToHex(id: string): string {
  return id === '' ? '' : Buffer.from(id, 'latin1').toString('hex');
}

/** Parses a hex id; '' stays ''. Throws PdataDecodeError on odd length or non-hex digits. */
export function idFromHex(hex: string): string {
  if (hex === '') return '';
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new PdataDecodeError(`invalid hex id "${hex}"`);
  return Buffer.from(hex, 'hex').toString('latin1');
}

/** True for '' and for an all-zero id (both mean "no id" in OTLP). */
export function isEmptyId(id: string): boolean {
  for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) !== 0) return false;
  return true;
}
