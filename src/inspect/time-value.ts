/** Epoch numbers below this are seconds, above it milliseconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const SECONDS_LIMIT = 1e11;
/** Above this, microseconds, as GA4's event_timestamp (1e14 ms is the year 5138; 1e14 µs is 1973). */
const MILLISECONDS_LIMIT = 1e14;

const ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A timestamp as epoch ms: ISO 8601 text (a time without a zone is UTC, as clickgen's
 * iso-local writes it), or epoch seconds, milliseconds or microseconds as a number or
 * numeric text.
 * NaN when the value is none of these.
 */
export function parseTime(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? epoch(value) : NaN;
  if (typeof value !== 'string') return NaN;
  const fast = parseUtcMillis(value);
  if (!Number.isNaN(fast)) return fast;
  const text = value.trim();
  if (text === '') return NaN;
  if (/^-?\d+(\.\d+)?$/.test(text)) return epoch(Number(text));
  if (!ISO.test(text)) return NaN;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
  return Date.parse(zoned ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`);
}

function epoch(n: number): number {
  const size = Math.abs(n);
  return size < SECONDS_LIMIT ? n * 1000 : size < MILLISECONDS_LIMIT ? n : n / 1000;
}

let cachedDay = '';
let cachedDayMs = NaN;

/**
 * The common case, fast: `YYYY-MM-DDTHH:MM:SS.sssZ` exactly (how clickgen writes iso
 * times). The date part repeats from event to event, so its epoch is cached.
 */
function parseUtcMillis(text: string): number {
  if (text.length !== 24 || text.charCodeAt(10) !== 84 || text.charCodeAt(23) !== 90 || text.charCodeAt(19) !== 46) return NaN;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return NaN;
  const day = text.slice(0, 10);
  if (day !== cachedDay) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return NaN;
    const ms = Date.parse(`${day}T00:00:00Z`);
    if (Number.isNaN(ms)) return NaN;
    cachedDay = day;
    cachedDayMs = ms;
  }
  const h = digits(text, 11, 2);
  const m = digits(text, 14, 2);
  const sec = digits(text, 17, 2);
  const ms = digits(text, 20, 3);
  if (h < 0 || m < 0 || sec < 0 || ms < 0 || h > 23 || m > 59 || sec > 59) return NaN;
  return cachedDayMs + ((h * 60 + m) * 60 + sec) * 1000 + ms;
}

/** The decimal number of `count` digits at `at`; a large negative number when one is not a digit. */
function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1e9;
    n = n * 10 + d;
  }
  return n;
}
