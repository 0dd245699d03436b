import type { TimeFormat } from '../engine/event.js';
import { formatTimestamp, isDateMs } from '../time-text.js';
import { writeBytes, writePadded, writeUint, utf8 } from './bytes.js';

const NULL = utf8('null');

export interface TimestampWriterOptions {
  /** Quote ISO forms (JSON). */
  readonly quote: boolean;
  /** Bytes written just before the timestamp (a JSON key): kept in the cached prefix, so they cost no extra copy. */
  readonly lead?: Uint8Array;
}

/**
 * Formats epoch-ms timestamps into bytes without Date#toISOString on the hot path: the
 * text up to the minute ("2024-01-15T10:30:") is computed once per minute and cached;
 * seconds and milliseconds are written as digits.
 */
export class TimestampWriter {
  private cachedMinute = NaN;
  private prefix: Uint8Array = new Uint8Array(0);
  private readonly quote: boolean;
  private readonly lead: Uint8Array;

  constructor(
    private readonly format: TimeFormat,
    options: TimestampWriterOptions,
  ) {
    this.quote = options.quote;
    this.lead = options.lead ?? new Uint8Array(0);
  }

  /** Largest number of bytes one timestamp takes (with quotes), besides the lead. */
  static readonly maxBytes = 32;

  /**
   * Writes the lead and the timestamp. A number that is no date (NaN, beyond the date
   * range) is written as null when quoting (JSON) and as nothing in text.
   */
  write(out: Uint8Array, offset: number, ms: number): number {
    const t = Math.floor(ms);
    if (!isDateMs(t)) return this.quote ? writeBytes(out, writeBytes(out, offset, this.lead), NULL) : writeBytes(out, offset, this.lead);
    switch (this.format) {
      case 'epoch-ms':
        return writeInteger(out, writeBytes(out, offset, this.lead), t);
      case 'epoch-s':
        return writeInteger(out, writeBytes(out, offset, this.lead), Math.floor(t / 1000));
      default:
        return this.writeIso(out, offset, t);
    }
  }

  private writeIso(out: Uint8Array, offset: number, t: number): number {
    const minute = Math.floor(t / 60_000);
    if (minute !== this.cachedMinute) {
      this.cachedMinute = minute;
      // Up to the minute: all but "ss.sssZ", which also holds for years before 0 or after 9999 (+010000-...).
      const text = new Date(minute * 60_000).toISOString().slice(0, -7);
      const minuteText = utf8(this.quote ? `"${text}` : text);
      this.prefix = new Uint8Array(this.lead.length + minuteText.length);
      this.prefix.set(this.lead);
      this.prefix.set(minuteText, this.lead.length);
    }
    let o = writeBytes(out, offset, this.prefix);
    const inMinute = t - minute * 60_000;
    const seconds = Math.floor(inMinute / 1000);
    o = writePadded(out, o, seconds, 2);
    if (this.format !== 'iso-seconds') {
      out[o++] = 46; // '.'
      o = writePadded(out, o, inMinute - seconds * 1000, 3);
    }
    if (this.format !== 'iso-local') out[o++] = 90; // 'Z'
    if (this.quote) out[o++] = 34;
    return o;
  }
}

function writeInteger(out: Uint8Array, offset: number, value: number): number {
  if (value >= 0) return writeUint(out, offset, value);
  out[offset] = 45;
  return writeUint(out, offset + 1, -value);
}

/** A timestamp value as it appears in a JSON object: epoch formats stay numbers. */
export function timestampValue(ms: number, format: TimeFormat): string | number | null {
  const text = formatTimestamp(ms, format);
  if (text === '') return null;
  return format === 'epoch-ms' || format === 'epoch-s' ? Number(text) : text;
}
