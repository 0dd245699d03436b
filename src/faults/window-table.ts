/** Windows per page: a page is allocated when a record first falls in it, so a sparse run of years costs only its busy pages. */
const PAGE = 1024;

/** The counts of PAGE consecutive windows: by type slot, each a dense array by the window's place in the page. */
interface Page {
  readonly counts: (Float64Array | undefined)[];
  /** Purchases' revenue in whole units (revenue.ts), or null while the page has none. */
  revenue: Float64Array | null;
}

const newPage = (): Page => ({ counts: [], revenue: null });

/**
 * The answer key's counts of one kind of time (event or processing), by window index
 * (time ÷ window length, floored) and event type slot, in dense typed arrays: a month of
 * one-minute windows is a few hundred thousand windows, and an object per window (with
 * its counts by type) cost more than the records it counted. Records come mostly in time
 * order, so the page of the last one is kept at hand.
 */
export class WindowTable {
  private readonly pages = new Map<number, Page>();
  /** The first window index of the page at hand. */
  private first = NaN;
  private page: Page = newPage();

  /** Counts `n` records (default one) of type `slot` in window `index`, with their revenue units (0 for none). */
  add(index: number, slot: number, revenue: number, n = 1): void {
    let at = index - this.first;
    if (!(at >= 0 && at < PAGE)) at = this.turnTo(index);
    const page = this.page;
    (page.counts[slot] ??= new Float64Array(PAGE))[at] += n;
    if (revenue !== 0) (page.revenue ??= new Float64Array(PAGE))[at] += revenue;
  }

  /** The indexes of the windows with a record, in order. */
  indexes(): number[] {
    const out: number[] = [];
    for (const first of [...this.pages.keys()].sort((a, b) => a - b)) {
      const counts = this.pages.get(first)!.counts;
      for (let at = 0; at < PAGE; at++) if (counts.some((slot) => slot !== undefined && slot[at] > 0)) out.push(first + at);
    }
    return out;
  }

  /** Makes window `index` the one `count` and `revenue` read; false when no window of its page has a record. */
  seek(index: number): boolean {
    const first = Math.floor(index / PAGE) * PAGE;
    if (first !== this.first) {
      const page = this.pages.get(first);
      if (page === undefined) return false;
      this.first = first;
      this.page = page;
    }
    return true;
  }

  /** Records of type `slot` in the window sought (seek returned true). */
  count(index: number, slot: number): number {
    return this.page.counts[slot]?.[index - this.first] ?? 0;
  }

  /** Revenue units of the window sought. */
  revenue(index: number): number {
    return this.page.revenue?.[index - this.first] ?? 0;
  }

  private turnTo(index: number): number {
    const first = Math.floor(index / PAGE) * PAGE;
    let page = this.pages.get(first);
    if (page === undefined) this.pages.set(first, (page = newPage()));
    this.first = first;
    this.page = page;
    return index - first;
  }
}
