const MINUTE_MS = 60_000;
/** Offsets change on a quarter hour at the earliest. */
const BLOCK_MS = 15 * MINUTE_MS;
const SPAN_MS = 86_400_000;

/** Formatters by zone name (null for a name that is not a zone): building one costs milliseconds. */
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterOf(zone: string): Intl.DateTimeFormat | null {
  let format = formatters.get(zone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    } catch {
      format = null;
    }
    formatters.set(zone, format);
  }
  return format;
}

/** Whether `zone` is an IANA time zone name this runtime knows. */
export function isTimeZone(zone: string): boolean {
  return formatterOf(zone) !== null;
}

/**
 * UTC offsets of IANA time zones, daylight saving included, from the runtime's time zone
 * data. The offset of a quarter hour is computed once and kept until time moves on, so a
 * run that walks forward in time asks Intl once per zone per quarter hour.
 */
export class ZoneOffsets {
  private readonly formats: Intl.DateTimeFormat[] = [];
  /** Per zone: the offset and the time range [from, to) it is known to hold for. */
  private readonly offsets: number[] = [];
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly indexes = new Map<string, number>();

  constructor(zones: readonly string[] = []) {
    for (const zone of zones) this.indexOf(zone);
  }

  /** The index of `zone`, added on first use; -1 when it is not a time zone. */
  indexOf(zone: string): number {
    let z = this.indexes.get(zone);
    if (z === undefined) {
      const format = formatterOf(zone);
      z = format === null ? -1 : this.formats.length;
      if (format !== null) {
        this.formats.push(format);
        this.offsets.push(0);
        this.from.push(NaN);
        this.to.push(NaN);
      }
      this.indexes.set(zone, z);
    }
    return z;
  }

  /**
   * Offset of zone `z` at `t` (epoch ms), in ms to add to UTC to get local time. A zone's
   * offset changes at most twice a year, so when it is the same at both ends of a day it
   * holds for the whole day; otherwise it is looked up per quarter hour.
   */
  offsetMs(z: number, t: number): number {
    if (t >= this.from[z] && t < this.to[z]) return this.offsets[z];
    const format = this.formats[z];
    const day = Math.floor(t / SPAN_MS) * SPAN_MS;
    const start = offsetAt(format, day);
    if (offsetAt(format, day + SPAN_MS - BLOCK_MS) === start) {
      this.from[z] = day;
      this.to[z] = day + SPAN_MS;
      this.offsets[z] = start;
    } else {
      const block = Math.floor(t / BLOCK_MS) * BLOCK_MS;
      this.from[z] = block;
      this.to[z] = block + BLOCK_MS;
      this.offsets[z] = offsetAt(format, block);
    }
    return this.offsets[z];
  }

  /** Local wall-clock time of zone `z` at `t`, as epoch ms of the same wall clock in UTC. */
  local(z: number, t: number): number {
    return t + this.offsetMs(z, t);
  }
}

function offsetAt(format: Intl.DateTimeFormat, t: number): number {
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(t)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  const minuteStart = Math.floor(t / MINUTE_MS) * MINUTE_MS;
  return wall - minuteStart;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Hour of day (0–23) of a wall-clock time given as epoch ms. */
export function hourOf(wall: number): number {
  return Math.floor(wall / HOUR_MS) % 24;
}

/** Day of week of a wall-clock time, Monday = 0 (1970-01-01 was a Thursday). */
export function weekdayOf(wall: number): number {
  return (Math.floor(wall / DAY_MS) + 3) % 7;
}
