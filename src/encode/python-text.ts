import { Sym } from '../engine/sym.js';

/**
 * Values written as Python writes them, for output that must match the Imply event
 * generator's: float repr (5.0, 1e-05, 1e+16), str() of booleans, None, lists and
 * dicts, and datetimes (aware, UTC) in isoformat and str forms. Times are epoch
 * milliseconds, so the microsecond part is always a whole number of milliseconds.
 */

/** Python's repr of a float: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const sign = x < 0 ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const fraction = digits.slice(exp + 1);
  return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
}

/** A number as Python writes it: integers as digits unless the value is a float. */
export function pyNumber(x: number, isFloat: boolean): string {
  return !isFloat && Number.isSafeInteger(x) ? String(x) : pyFloatRepr(x);
}

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD<sep>HH:MM:SS[.ffffff]+00:00`: microseconds only when not zero, as datetime does. */
export function pyDateTime(ms: number, separator: 'T' | ' '): string {
  const d = new Date(ms);
  const fraction = ((ms % 1000) + 1000) % 1000;
  const micros = fraction === 0 ? '' : `.${String(fraction).padStart(3, '0')}000`;
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}${separator}${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}${micros}+00:00`;
}

/** Python's str() of a value (None, True, 5.0, {'a': 1}); times are not values here. */
export function pyStr(value: unknown, isFloat = false): string {
  if (value === null || value === undefined) return 'None';
  if (value instanceof Sym) return value.text;
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number':
      return pyNumber(value, isFloat);
    default:
      return pyRepr(value);
  }
}

/** Python's repr() of a JSON-like value: strings in quotes, containers recursively. */
export function pyRepr(value: unknown): string {
  if (value instanceof Sym) return pyStringRepr(value.text);
  if (typeof value === 'string') return pyStringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${pyStringRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
  }
  return pyStr(value);
}

/** Single quotes unless the text has a single quote and no double quote, as Python chooses. */
function pyStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** JSON text as json.dumps writes it by default: ", " and ": " separators, non-ASCII as \uXXXX. */
export function pyJsonDumps(value: unknown): string {
  if (value instanceof Sym) return pyJsonString(value.text);
  if (typeof value === 'string') return pyJsonString(value);
  if (typeof value === 'number') return pyNumber(value, false);
  if (Array.isArray(value)) return `[${value.map(pyJsonDumps).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${pyJsonString(k)}: ${pyJsonDumps(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A JSON string with every character outside printable ASCII escaped, as ensure_ascii does. */
export function pyJsonString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
