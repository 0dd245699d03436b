import { putAscii, putBytes, putDigits } from './key-text.js';

const DAY = 86_400_000;
const COLON = 58;
const DOT = 46;
const Z = 90;
/** The longest ISO text Date writes: `+275760-09-13T00:00:00.000Z`. */
export const MAX_TIME_BYTES = 27;

/**
 * ISO texts of window starts, the day's part made once per day: a run of weeks has tens of
 * thousands of windows, and a Date per window was a tenth of a faulted run's time.
 */
export class WindowTimes {
  private day = NaN;
  /** The day's `YYYY-MM-DDT`, or '' when Date must write the whole text (a year outside 0-9999, written with six digits). */
  private date = '';
  private dateBytes = Buffer.alloc(0);

  /** The same text as `new Date(ms).toISOString()`. */
  format(ms: number): string {
    const inDay = this.inDay(ms);
    if (inDay < 0) return new Date(ms).toISOString();
    const h = Math.floor(inDay / 3_600_000);
    const m = Math.floor(inDay / 60_000) % 60;
    const sec = Math.floor(inDay / 1000) % 60;
    const milli = inDay % 1000;
    return `${this.date}${two(h)}:${two(m)}:${two(sec)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
  }

  /** Writes `format(ms)` to `out` at `o`, without making the string (at most MAX_TIME_BYTES); returns the end. */
  put(out: Uint8Array, o: number, ms: number): number {
    const inDay = this.inDay(ms);
    if (inDay < 0) return putAscii(out, o, new Date(ms).toISOString());
    o = putBytes(out, o, this.dateBytes);
    o = putDigits(out, o, Math.floor(inDay / 3_600_000), 2);
    out[o++] = COLON;
    o = putDigits(out, o, Math.floor(inDay / 60_000) % 60, 2);
    out[o++] = COLON;
    o = putDigits(out, o, Math.floor(inDay / 1000) % 60, 2);
    out[o++] = DOT;
    o = putDigits(out, o, inDay % 1000, 3);
    out[o++] = Z;
    return o;
  }

  /** Milliseconds into the day of `ms`, its day's text made when the day changes; -1 when Date is to write it. */
  private inDay(ms: number): number {
    const day = Math.floor(ms / DAY);
    if (day !== this.day) {
      this.day = day;
      const text = new Date(day * DAY).toISOString();
      this.date = text.length === 24 ? text.slice(0, 11) : '';
      this.dateBytes = Buffer.from(this.date, 'latin1');
    }
    // A fraction of a millisecond is Date's to write too.
    return this.date === '' || !Number.isInteger(ms) ? -1 : ms - day * DAY;
  }
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
