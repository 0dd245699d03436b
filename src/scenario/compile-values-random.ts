import { AliasTable } from '../random/alias.js';
import type { Sampler } from '../random/distributions.js';
import type { FieldValue } from '../engine/event.js';
import type { Evaluator } from '../engine/session.js';
import { Sym } from '../engine/sym.js';
import { indexSampler } from './compile-distribution.js';
import type { Distribution } from './schema.js';

/**
 * Value sources that draw raw random data (text, addresses from integers, instants) and
 * the distinct-value pool. Split from compile-values.ts, which wires kinds together.
 */

/** Python's `string.printable`: digits, letters, punctuation and the six whitespace characters. */
export const PRINTABLE = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c';

/** Text of `length` (truncated toward zero; 0 below 1) characters drawn uniformly, with replacement, from `chars`. */
export function randomString(length: Sampler, chars: string | undefined): Evaluator {
  const alphabet = [...(chars ?? PRINTABLE)];
  const n = alphabet.length;
  return (s) => {
    const count = Math.trunc(length.sample(s.rng));
    let out = '';
    for (let i = 0; i < count; i++) out += alphabet[Math.floor(s.rng.next() * n)];
    return out;
  };
}

/** An IPv4 address from an integer draw: truncated toward zero, wrapped modulo 2^32 (negatives too). */
export function ipFromNumber(sampler: Sampler): Evaluator {
  return (s) => {
    const v = Math.trunc(sampler.sample(s.rng));
    const n = ((v % 4294967296) + 4294967296) % 4294967296;
    return `${Math.floor(n / 16777216) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  };
}

/** A random instant: the sampler draws epoch seconds; the value is epoch ms. */
export function randomInstant(sampler: Sampler): Evaluator {
  return (s) => Math.round(sampler.sample(s.rng) * 1000);
}

/** One of several evaluators, picked uniformly, by weights, or by an index distribution. */
export function oneOf(options: readonly Evaluator[], weights: readonly number[] | undefined, index: Distribution | undefined): Evaluator {
  const n = options.length;
  if (index !== undefined) {
    const pick = indexSampler(index, n);
    return (s) => options[pick(s.rng)](s);
  }
  if (weights !== undefined) {
    const table = new AliasTable(weights);
    return (s) => options[table.pick(s.rng)](s);
  }
  return (s) => options[Math.floor(s.rng.next() * n)](s);
}

/** Extra draws allowed, per value, before a distinct pool gives up. */
const DISTINCT_ATTEMPTS_PER_VALUE = 100;

/**
 * Draws `size` values with `draw`, all different when `distinct` is set. A value source
 * that cannot give that many different values is an error, not an endless loop.
 */
export function drawPool(draw: () => FieldValue, size: number, distinct: boolean): FieldValue[] {
  const values: FieldValue[] = [];
  if (!distinct) {
    for (let i = 0; i < size; i++) values.push(draw());
    return values;
  }
  const seen = new Set<string>();
  const budget = size * DISTINCT_ATTEMPTS_PER_VALUE + 1000;
  for (let attempt = 0; values.length < size; attempt++) {
    if (attempt >= budget) {
      throw new Error(`cannot draw ${size} different values: ${values.length} different ones after ${budget} draws; lower the pool size or widen the distribution`);
    }
    const value = draw();
    const key = identity(value);
    if (seen.has(key)) continue;
    seen.add(key);
    values.push(value);
  }
  return values;
}

function identity(value: FieldValue): string {
  if (value instanceof Sym) return `s${value.text}`;
  if (typeof value === 'string') return `s${value}`;
  if (typeof value === 'number') return `n${value}`;
  return `j${JSON.stringify(value)}`;
}

