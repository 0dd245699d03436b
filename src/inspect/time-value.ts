/** Epoch numbers below this are seconds, above it milliseconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const SECONDS_LIMIT = 1e11;

const ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A timestamp as epoch ms: ISO 8601 text (a time without a zone is UTC, as clickgen's
 * iso-local writes it), or epoch seconds or milliseconds as a number or numeric text.
 * NaN when the value is none of these.
 */
export function parseTime(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? epoch(value) : NaN;
  if (typeof value !== 'string') return NaN;
  const text = value.trim();
  if (text === '') return NaN;
  if (/^-?\d+(\.\d+)?$/.test(text)) return epoch(Number(text));
  if (!ISO.test(text)) return NaN;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
  return Date.parse(zoned ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`);
}

function epoch(n: number): number {
  return Math.abs(n) < SECONDS_LIMIT ? n * 1000 : n;
}
