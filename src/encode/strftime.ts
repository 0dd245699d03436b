/**
 * C/Python strftime for UTC instants, with the glibc extensions Python passes through
 * (%s, %e, %T, %F, ...). Names are English (the C locale). An unknown directive is
 * written as it is, as glibc does.
 */

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number, width: number, fill = '0'): string => String(n).padStart(width, fill);

/** A compiled format: call it with epoch milliseconds. */
export type TimeFormatter = (ms: number) => string;

export function compileStrftime(format: string): TimeFormatter {
  const parts: (string | ((d: Date, ms: number) => string))[] = [];
  let literal = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== '%' || i === format.length - 1) {
      literal += ch;
      continue;
    }
    const directive = format[++i];
    const render = DIRECTIVES[directive];
    if (render === undefined) {
      literal += `%${directive}`;
      continue;
    }
    if (literal !== '') parts.push(literal);
    literal = '';
    parts.push(render);
  }
  if (literal !== '') parts.push(literal);
  return (ms) => {
    const d = new Date(ms);
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : part(d, ms);
    return out;
  };
}

export function strftime(ms: number, format: string): string {
  return compileStrftime(format)(ms);
}

function dayOfYear(d: Date): number {
  return Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

/** Week of the year with weeks starting on `firstDay` (0 Sunday, 1 Monday); days before the first such day are week 0. */
function weekOfYear(d: Date, firstDay: number): number {
  const weekday = (d.getUTCDay() - firstDay + 7) % 7;
  return Math.floor((dayOfYear(d) - 1 - weekday + 7) / 7);
}

/** ISO 8601 week-based year and week number. */
function isoWeek(d: Date): { year: number; week: number } {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const weekday = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return { year: t.getUTCFullYear(), week: Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7) };
}

const hour12 = (d: Date): number => d.getUTCHours() % 12 || 12;

const DIRECTIVES: Record<string, (d: Date, ms: number) => string> = {
  a: (d) => DAYS[d.getUTCDay()].slice(0, 3),
  A: (d) => DAYS[d.getUTCDay()],
  b: (d) => MONTHS[d.getUTCMonth()].slice(0, 3),
  h: (d) => MONTHS[d.getUTCMonth()].slice(0, 3),
  B: (d) => MONTHS[d.getUTCMonth()],
  c: (d) => `${DAYS[d.getUTCDay()].slice(0, 3)} ${MONTHS[d.getUTCMonth()].slice(0, 3)} ${pad(d.getUTCDate(), 2, ' ')} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)} ${d.getUTCFullYear()}`,
  C: (d) => pad(Math.floor(d.getUTCFullYear() / 100), 2),
  d: (d) => pad(d.getUTCDate(), 2),
  D: (d) => `${pad(d.getUTCMonth() + 1, 2)}/${pad(d.getUTCDate(), 2)}/${pad(d.getUTCFullYear() % 100, 2)}`,
  e: (d) => pad(d.getUTCDate(), 2, ' '),
  f: (_d, ms) => `${pad(((ms % 1000) + 1000) % 1000, 3)}000`,
  F: (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`,
  g: (d) => pad(isoWeek(d).year % 100, 2),
  G: (d) => String(isoWeek(d).year),
  H: (d) => pad(d.getUTCHours(), 2),
  I: (d) => pad(hour12(d), 2),
  j: (d) => pad(dayOfYear(d), 3),
  k: (d) => pad(d.getUTCHours(), 2, ' '),
  l: (d) => pad(hour12(d), 2, ' '),
  m: (d) => pad(d.getUTCMonth() + 1, 2),
  M: (d) => pad(d.getUTCMinutes(), 2),
  n: () => '\n',
  p: (d) => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
  P: (d) => (d.getUTCHours() < 12 ? 'am' : 'pm'),
  r: (d) => `${pad(hour12(d), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`,
  R: (d) => `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}`,
  s: (_d, ms) => String(Math.floor(ms / 1000)),
  S: (d) => pad(d.getUTCSeconds(), 2),
  t: () => '\t',
  T: (d) => `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`,
  u: (d) => String(d.getUTCDay() || 7),
  U: (d) => pad(weekOfYear(d, 0), 2),
  V: (d) => pad(isoWeek(d).week, 2),
  w: (d) => String(d.getUTCDay()),
  W: (d) => pad(weekOfYear(d, 1), 2),
  x: (d) => `${pad(d.getUTCMonth() + 1, 2)}/${pad(d.getUTCDate(), 2)}/${pad(d.getUTCFullYear() % 100, 2)}`,
  X: (d) => `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`,
  y: (d) => pad(d.getUTCFullYear() % 100, 2),
  Y: (d) => String(d.getUTCFullYear()),
  z: () => '+0000',
  Z: () => 'UTC',
  '%': () => '%',
};
