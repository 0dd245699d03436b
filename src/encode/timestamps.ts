import type { TimeFormat } from '../engine/event.js';
import { writeBytes, writePadded, writeUint, utf8 } from './bytes.js';

/**
 * Formats epoch-ms timestamps into bytes without Date#toISOString on the hot path: the
 * text up to the minute ("2024-01-15T10:30:") is computed once per minute and cached;
 * seconds and milliseconds are written as digits.
 */
/** JavaScript dates end at ±8.64e15 ms (year ±275760); beyond, or not a number, a timestamp has no text. */
const MAX_DATE_MS = 8.64e15;
const NULL = utf8('null');

function isWritable(t: number): boolean {
  return t >= -MAX_DATE_MS && t <= MAX_DATE_MS;
}

export class TimestampWriter {
  private cachedMinute = NaN;
  private prefix: Uint8Array = new Uint8Array(0);

  constructor(private readonly format: TimeFormat) {}

  /** Largest number of bytes one timestamp takes (with quotes). */
  static readonly maxBytes = 32;

  /**
   * Writes the timestamp; ISO forms are quoted when `quote` is set (JSON). A number that is
   * no date (NaN, beyond the date range) is written as null in JSON and as nothing in text.
   */
  write(out: Uint8Array, offset: number, ms: number, quote: boolean): number {
    const t = Math.floor(ms);
    if (!isWritable(t)) return quote ? writeBytes(out, offset, NULL) : offset;
    switch (this.format) {
      case 'epoch-ms':
        return writeInteger(out, offset, t);
      case 'epoch-s':
        return writeInteger(out, offset, Math.floor(t / 1000));
      default:
        return this.writeIso(out, offset, t, quote);
    }
  }

  private writeIso(out: Uint8Array, offset: number, t: number, quote: boolean): number {
    const minute = Math.floor(t / 60_000);
    if (minute !== this.cachedMinute) {
      this.cachedMinute = minute;
      // Up to the minute: all but "ss.sssZ", which also holds for years before 0 or after 9999 (+010000-...).
      this.prefix = utf8(new Date(minute * 60_000).toISOString().slice(0, -7));
    }
    let o = offset;
    if (quote) out[o++] = 34;
    o = writeBytes(out, o, this.prefix);
    const inMinute = t - minute * 60_000;
    const seconds = Math.floor(inMinute / 1000);
    o = writePadded(out, o, seconds, 2);
    if (this.format !== 'iso-seconds') {
      out[o++] = 46; // '.'
      o = writePadded(out, o, inMinute - seconds * 1000, 3);
    }
    if (this.format !== 'iso-local') out[o++] = 90; // 'Z'
    if (quote) out[o++] = 34;
    return o;
  }
}

function writeInteger(out: Uint8Array, offset: number, value: number): number {
  if (value >= 0) return writeUint(out, offset, value);
  out[offset] = 45;
  return writeUint(out, offset + 1, -value);
}

/** The same text as a string, for CSV cells, keys and the library API. */
export function formatTimestamp(ms: number, format: TimeFormat): string {
  const t = Math.floor(ms);
  if (!isWritable(t)) return '';
  switch (format) {
    case 'epoch-ms':
      return String(t);
    case 'epoch-s':
      return String(Math.floor(t / 1000));
    case 'iso':
      return new Date(t).toISOString();
    // Cut from the end: years outside 0000-9999 are longer (-000001-..., +010000-...).
    case 'iso-seconds':
      return `${new Date(t).toISOString().slice(0, -5)}Z`;
    case 'iso-local':
      return new Date(t).toISOString().slice(0, -1);
  }
}

/** A timestamp value as it appears in a JSON object: epoch formats stay numbers. */
export function timestampValue(ms: number, format: TimeFormat): string | number | null {
  const text = formatTimestamp(ms, format);
  if (text === '') return null;
  return format === 'epoch-ms' || format === 'epoch-s' ? Number(text) : text;
}
