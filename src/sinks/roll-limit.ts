import { UsageError } from '../errors.js';
import { parseDuration } from '../time/time-text.js';

/** When a rolling output closes its file and starts the next one (`--roll`). */
export type RollLimit =
  | { readonly kind: 'bytes'; readonly bytes: number }
  | { readonly kind: 'span'; readonly ms: number }
  | { readonly kind: 'events'; readonly events: number };

/** Decimal units, as disk and object-store sizes are quoted; the binary ones are there too. */
const SIZE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
};

const VALID = 'a size (256MB, 64MiB, 1GB), an event-time span (1h, 15m, PT1H) or a number of events (1000000)';

/** `--roll 256MB` (size), `--roll 1h` (event-time span) or `--roll 1000000` (events). */
export function parseRoll(text: string): RollLimit {
  const trimmed = text.trim().replaceAll('_', '');
  if (/^\d+$/.test(trimmed)) {
    const events = Number(trimmed);
    if (Number.isSafeInteger(events) && events >= 1) return { kind: 'events', events };
    throw bad(text);
  }
  const size = /^(\d+(?:\.\d+)?)\s*([kmg]i?b|b)$/i.exec(trimmed);
  if (size !== null) {
    const bytes = Math.round(Number(size[1]) * SIZE_UNITS[size[2].toLowerCase()]);
    if (bytes >= 1 && Number.isSafeInteger(bytes)) return { kind: 'bytes', bytes };
    throw bad(text);
  }
  try {
    return { kind: 'span', ms: parseDuration('--roll', trimmed) };
  } catch {
    throw bad(text);
  }
}

function bad(text: string): UsageError {
  return new UsageError('BAD_FLAG', `--roll ${text}: must be ${VALID}`);
}
