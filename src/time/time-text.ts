/**
 * The time texts clickgen reads from people: ISO 8601 durations and shorthand, and ISO 8601
 * date-times, read by the CLI flags and the library API (simulate's `duration` and `start`)
 * alike, so both accept and reject the same texts (`flag` names the input in the error
 * message); and timestamps written as text, for templates, CSV cells and keys.
 */
import { UsageError } from '../errors.js';

/**
 * How a timestamp field is written. All are UTC.
 * - iso: 2024-01-15T10:30:00.123Z
 * - iso-seconds: 2024-01-15T10:30:00Z
 * - iso-local: 2024-01-15T10:30:00.123 (no zone designator, as the Imply generator writes)
 * - epoch-ms / epoch-s: integers
 */
export type TimeFormat = 'iso' | 'iso-seconds' | 'iso-local' | 'epoch-ms' | 'epoch-s' | 'sql';

const SHORTHAND_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const ISO_DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** ISO 8601 durations (PT1H, P7D, P1DT12H, PT0.5S) and shorthand (90s, 15m, 2h, 7d, 500ms). Returns ms. */
export function parseDuration(flag: string, text: string): number {
  const trimmed = text.trim();
  const shorthand = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(trimmed);
  let ms = NaN;
  if (shorthand !== null) ms = Number(shorthand[1]) * SHORTHAND_UNITS[shorthand[2]];
  else {
    const iso = ISO_DURATION.exec(trimmed);
    // The pattern's parts are all optional: require a number, and no dangling T (P1DT).
    if (iso !== null && /\d/.test(trimmed) && !trimmed.toUpperCase().endsWith('T')) {
      const [, w, d, h, m, s] = iso.map((v) => (v === undefined ? 0 : Number(v)));
      ms = ((((w * 7 + d) * 24 + h) * 60 + m) * 60 + s) * 1000;
    }
  }
  // Whole milliseconds: a duration that rounds to 0 (0.0001ms) is as empty as 0s.
  const rounded = Math.round(ms);
  if (Number.isFinite(rounded) && rounded <= 0) throw new UsageError('BAD_FLAG', `${flag} ${text}: must be longer than 0 (at least 1ms), e.g. 90s or PT1H`);
  if (!Number.isFinite(rounded)) {
    throw new UsageError('BAD_FLAG', `${flag} ${text}: not a duration; use ISO 8601 (PT1H, P7D, P1DT12H) or shorthand (90s, 15m, 2h, 7d)`);
  }
  return rounded;
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(?:Z|([+-])(\d{2}):?(\d{2}))?$/i;

/**
 * ISO 8601 date-times; without a zone designator, UTC. Returns epoch ms. Computed from
 * the parts rather than by Date.parse, which rolls impossible dates over (2024-02-30 would
 * be March 1st) instead of rejecting them.
 */
export function parseStart(flag: string, text: string): number {
  const parts = ISO_DATE_TIME.exec(text.trim());
  const ms = parts === null ? NaN : isoPartsToMs(parts);
  if (!Number.isFinite(ms)) {
    throw new UsageError('BAD_FLAG', `${flag} ${text}: not an ISO 8601 date-time; e.g. ${flag} 2024-01-01T00:00:00Z or ${flag} 2024-01-01`);
  }
  return ms;
}

function isoPartsToMs(parts: RegExpExecArray): number {
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map((p) => (p === undefined ? 0 : Number(p)));
  const millis = parts[7] === undefined ? 0 : Number(parts[7].padEnd(3, '0').slice(0, 3));
  const offsetMinutes = parts[8] === undefined ? 0 : (parts[8] === '-' ? -1 : 1) * (Number(parts[9]) * 60 + Number(parts[10]));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN;
  if (Number(parts[9] ?? 0) > 23 || Number(parts[10] ?? 0) > 59) return NaN;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day) return NaN;
  return date.getTime() + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
}

/** JavaScript dates end at ±8.64e15 ms (year ±275760); beyond, or not a number, a timestamp has no text. */
export const MAX_DATE_MS = 8.64e15;

export function isDateMs(t: number): boolean {
  return t >= -MAX_DATE_MS && t <= MAX_DATE_MS;
}

/**
 * Whether `format` writes times to the second (iso-seconds, epoch-s). The binary formats
 * (Avro, Parquet, Arrow) and record times store such a time floored to the second, so
 * every format carries the instant the text shows.
 */
export function writtenToTheSecond(format: TimeFormat | undefined): boolean {
  return format === 'iso-seconds' || format === 'epoch-s';
}

/** The same text as a string, for CSV cells, keys and the library API. */
export function formatTimestamp(ms: number, format: TimeFormat): string {
  const t = Math.floor(ms);
  if (!isDateMs(t)) return '';
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
    // SQL's timestamp text, UTC: what Snowplow's enriched events write.
    case 'sql':
      return new Date(t).toISOString().slice(0, -1).replace('T', ' ');
  }
}
