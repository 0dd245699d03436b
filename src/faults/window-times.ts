/**
 * ISO texts of window starts, the day's part made once per day: a run of weeks has tens of
 * thousands of windows, and a Date per window was a tenth of a faulted run's time.
 */
export class WindowTimes {
  private day = NaN;
  private date = '';

  /** The same text as `new Date(ms).toISOString()`. */
  format(ms: number): string {
    const day = Math.floor(ms / 86_400_000);
    if (day !== this.day) {
      this.day = day;
      const text = new Date(day * 86_400_000).toISOString();
      this.date = text.length === 24 ? text.slice(0, 11) : '';
    }
    const inDay = ms - day * 86_400_000;
    // A fraction of a millisecond, or a year outside 0-9999 (written with six digits), is Date's to write.
    if (this.date === '' || !Number.isInteger(ms)) return new Date(ms).toISOString();
    const h = Math.floor(inDay / 3_600_000);
    const m = Math.floor(inDay / 60_000) % 60;
    const sec = Math.floor(inDay / 1000) % 60;
    const milli = inDay % 1000;
    return `${this.date}${two(h)}:${two(m)}:${two(sec)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
  }
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
