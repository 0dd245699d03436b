/** Minutes per page: 256 minutes (about four hours) in 2 KB, near what a `Map` takes for 50 of its entries. */
const PAGE_MINUTES = 256;

/**
 * Event counts by minute of event time, in pages of consecutive minutes kept by page number.
 * A `Map` entry per minute cost a hash insert into an ever larger table at every new
 * minute (2 % of the default scenario's time, a minute holding a handful of events); a run's
 * events come mostly in time order, so the page being filled is kept at hand.
 */
export class MinuteCounts {
  private readonly pages = new Map<number, Float64Array>();
  private pageNumber = NaN;
  private page: Float64Array = new Float64Array(0);

  /** Adds `count` events in `minute` (epoch ms ÷ 60,000, an integer). */
  add(minute: number, count: number): void {
    const number = Math.floor(minute / PAGE_MINUTES);
    if (number !== this.pageNumber) this.turnTo(number);
    this.page[minute - number * PAGE_MINUTES] += count;
  }

  /** Minutes with events and their counts, earliest first. */
  entries(): [number, number][] {
    const out: [number, number][] = [];
    for (const number of [...this.pages.keys()].sort((a, b) => a - b)) {
      const page = this.pages.get(number)!;
      for (let i = 0; i < PAGE_MINUTES; i++) if (page[i] !== 0) out.push([number * PAGE_MINUTES + i, page[i]]);
    }
    return out;
  }

  private turnTo(number: number): void {
    let page = this.pages.get(number);
    if (page === undefined) this.pages.set(number, (page = new Float64Array(PAGE_MINUTES)));
    this.pageNumber = number;
    this.page = page;
  }
}
