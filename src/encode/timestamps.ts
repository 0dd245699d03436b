import type { TimeFormat } from '../engine/event.js';
import { formatTimestamp, isDateMs } from '../time/time-text.js';
import { writeBytes, writeUint, utf8 } from './bytes.js';

const NULL = utf8('null');

export interface TimestampWriterOptions {
  /** Quote ISO forms (JSON). */
  readonly quote: boolean;
  /** Bytes written just before the timestamp (a JSON key): kept in the cached prefix, so they cost no extra copy. */
  readonly lead?: Uint8Array;
}

/** "000" to "999", three bytes each: milliseconds as one lookup instead of divisions. */
const MILLIS = utf8(Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0')).join(''));

/**
 * Formats epoch-ms timestamps into bytes without Date#toISOString on the hot path: the
 * text up to the second (`"2024-01-15T10:30:05.`, after the lead) is kept, its time digits
 * changed in place as time moves on (Date writes it once a day); per event only the
 * milliseconds are written, from a table. Events minutes apart cost a few digits too.
 */
export class TimestampWriter {
  private cachedDay = NaN;
  private cachedMinute = NaN;
  private cachedSecond = NaN;
  /** The lead and the text up to the second. */
  private prefix: Uint8Array = new Uint8Array(0);
  /** Whether the prefix's year has four digits, so that another such year can be written over it. */
  private fourDigitYear = false;
  private readonly quote: boolean;
  private readonly lead: Uint8Array;
  private readonly withMillis: boolean;
  /** What follows the seconds (or milliseconds): `Z`, a closing quote, both or neither. */
  private readonly tail: Uint8Array;

  constructor(
    private readonly format: TimeFormat,
    options: TimestampWriterOptions,
  ) {
    this.quote = options.quote;
    this.lead = options.lead ?? new Uint8Array(0);
    this.withMillis = format !== 'iso-seconds';
    this.tail = utf8(`${format === 'iso-local' || format === 'sql' ? '' : 'Z'}${this.quote ? '"' : ''}`);
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
    const second = Math.floor(t / 1000);
    if (second !== this.cachedSecond) this.cacheSecond(second);
    const prefix = this.prefix;
    out.set(prefix, offset);
    let o = offset + prefix.length;
    if (this.withMillis) {
      const at = (t - second * 1000) * 3;
      out[o] = MILLIS[at];
      out[o + 1] = MILLIS[at + 1];
      out[o + 2] = MILLIS[at + 2];
      o += 3;
    }
    const tail = this.tail;
    for (let i = 0; i < tail.length; i++) out[o++] = tail[i];
    return o;
  }

  /** Makes the prefix end with this second: its digits, and the hour and minute's when the minute changed, are written in place. */
  private cacheSecond(second: number): void {
    this.cachedSecond = second;
    const minute = Math.floor(second / 60);
    if (minute !== this.cachedMinute) {
      this.cachedMinute = minute;
      const day = Math.floor(minute / 1440);
      if (day !== this.cachedDay) this.cacheDay(day, minute);
      else {
        // "HH:MM:" before the seconds.
        const inDay = minute - day * 1440;
        const hour = Math.floor(inDay / 60);
        writeTwoDigits(this.prefix, this.secondsAt() - 6, hour);
        writeTwoDigits(this.prefix, this.secondsAt() - 3, inDay - hour * 60);
      }
    }
    writeTwoDigits(this.prefix, this.secondsAt(), second - minute * 60);
  }

  /** Where the seconds' two digits are in the prefix. */
  private secondsAt(): number {
    return this.prefix.length - (this.withMillis ? 3 : 2);
  }

  /**
   * A new day. Within years 0000-9999 the date's digits are written in place, as the time's
   * are: a field whose times are days apart (a registration date drawn over two years) changes
   * day on almost every event, and making the prefix again through Date and a TextEncoder cost
   * a third of such a run. Other years take Date's text (`+012345-…`, `-000001-…`), whose
   * length differs.
   */
  private cacheDay(day: number, minute: number): void {
    this.cachedDay = day;
    if (this.fourDigitYear && day >= FIRST_FOUR_DIGIT_DAY && day <= LAST_FOUR_DIGIT_DAY) {
      const prefix = this.prefix;
      const at = this.lead.length + (this.quote ? 1 : 0);
      writeCivilDate(prefix, at, day);
      const inDay = minute - day * 1440;
      const hour = Math.floor(inDay / 60);
      writeTwoDigits(prefix, at + 11, hour);
      writeTwoDigits(prefix, at + 14, inDay - hour * 60);
      return;
    }
    // Up to the minute: all but "ss.sssZ".
    const iso = new Date(minute * 60_000).toISOString().slice(0, -7);
    const text = this.format === 'sql' ? iso.replace('T', ' ') : iso;
    const minuteText = utf8(`${this.quote ? '"' : ''}${text}00${this.withMillis ? '.' : ''}`);
    this.prefix = new Uint8Array(this.lead.length + minuteText.length);
    this.prefix.set(this.lead);
    this.prefix.set(minuteText, this.lead.length);
    this.fourDigitYear = day >= FIRST_FOUR_DIGIT_DAY && day <= LAST_FOUR_DIGIT_DAY;
  }
}

/** Days since 1970-01-01 of 0000-01-01 and of 9999-12-31: the days whose ISO year has four digits. */
const FIRST_FOUR_DIGIT_DAY = -719_528;
const LAST_FOUR_DIGIT_DAY = 2_932_896;

/**
 * Writes `YYYY-MM-DD` of a day (days since 1970-01-01) over the digits at `at`, leaving the
 * dashes: the proleptic Gregorian calendar by whole 400-year eras, as Date counts it.
 */
function writeCivilDate(out: Uint8Array, at: number, day: number): void {
  const shifted = day + 719_468; // days since 0000-03-01: leap days fall at the end of a year
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const century = Math.floor(year / 100);
  writeTwoDigits(out, at, century);
  writeTwoDigits(out, at + 2, year - century * 100);
  writeTwoDigits(out, at + 5, month);
  writeTwoDigits(out, at + 8, dayOfMonth);
}

function writeTwoDigits(out: Uint8Array, at: number, value: number): void {
  const tens = Math.floor(value / 10);
  out[at] = 48 + tens;
  out[at + 1] = 48 + value - tens * 10;
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
