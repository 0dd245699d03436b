import type { Rng } from '../random/prng.js';

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(n: number): string {
  return HEX[(n >>> 24) & 255] + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];
}

/** A version-4 UUID drawn from a seeded stream (so it is reproducible, unlike crypto.randomUUID). */
export function formatUuid(rng: Rng): string {
  const a = rng.nextU32();
  const b = (rng.nextU32() & 0xffff0fff) | 0x00004000; // version 4
  const c = ((rng.nextU32() & 0x3fffffff) | 0x80000000) >>> 0; // RFC 4122 variant
  const d = rng.nextU32();
  const hb = hex32(b >>> 0);
  const hc = hex32(c);
  return `${hex32(a)}-${hb.slice(0, 4)}-${hb.slice(4)}-${hc.slice(0, 4)}-${hc.slice(4)}${hex32(d)}`;
}
