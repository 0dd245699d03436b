import { UsageError } from '../errors.js';

/** Flag parsers: each throws a UsageError naming the flag, the value and what is valid. */

export function parsePositiveInteger(flag: string, text: string): number {
  const n = /^\d+$/.test(text.replaceAll('_', '')) ? Number(text.replaceAll('_', '')) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError('BAD_FLAG', `${flag} ${text}: must be a positive integer, e.g. ${flag} 1000`);
  return n;
}

/** A decimal number within [min, max]. */
export function parseNumberInRange(flag: string, text: string, min: number, max: number): number {
  const n = /^\d+(?:\.\d+)?$/.test(text.replaceAll('_', '')) ? Number(text.replaceAll('_', '')) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError('BAD_FLAG', `${flag} ${text}: must be a number from ${min} to ${max.toLocaleString('en-US')}`);
  return n;
}

export function parseNonNegativeInteger(flag: string, text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError('BAD_FLAG', `${flag} ${text}: must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
  return n;
}

export function parseChoice<T extends string>(flag: string, text: string, valid: readonly T[]): T {
  if (!(valid as readonly string[]).includes(text)) throw new UsageError('BAD_FLAG', `${flag} ${text}: must be one of ${valid.join(', ')}`);
  return text as T;
}

/** A whole number within [min, max]; `_` may group digits (100_000). */
export function parseIntegerInRange(flag: string, text: string, min: number, max: number): number {
  const n = /^\d+$/.test(text.replaceAll('_', '')) ? Number(text.replaceAll('_', '')) : NaN;
  if (!(Number.isSafeInteger(n) && n >= min && n <= max)) throw new UsageError('BAD_FLAG', `${flag} ${text}: must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`);
  return n;
}
