/**
 * ISO 8601 instants as the original reads them (dateutil's isoparse): a date alone,
 * a date and time with any one-character separator, optional seconds and fractions,
 * `Z` or a ±HH[:MM] offset, and the basic forms without separators. A time without an
 * offset is read as UTC. Returns epoch milliseconds (fractions below a millisecond are
 * rounded), or null when the text is not such an instant.
 */
export function parseIsoInstant(text: string): number | null {
  const m =
    /^(\d{4})-?(\d{2})-?(\d{2})(?:.(\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(text.trim());
  if (m === null) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 24 || minute > 59 || second > 59) return null;
  if (hour === 24 && (minute > 0 || second > 0 || (fraction !== undefined && Number(fraction) > 0))) return null;
  let ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (fraction !== undefined) ms += Math.round(Number(`0.${fraction}`) * 1000);
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    if (Number(digits.slice(2) || '0') > 59) return null;
    ms -= sign * offsetMinutes * 60_000;
  }
  return ms;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
