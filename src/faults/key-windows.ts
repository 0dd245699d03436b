import type { AnswerKeyParts, WindowCounts } from './answer-key.js';
import { ByteText, MAX_NUMBER_BYTES, putAscii, putBytes, putNumber, writeText, type WritesText } from './key-text.js';
import type { FaultPlan } from './plan.js';
import { MAX_REVENUE_BYTES, putRevenue, revenuePuttable, revenueText } from './revenue.js';
import { WindowTable } from './window-table.js';
import { MAX_TIME_BYTES, WindowTimes } from './window-times.js';

/** An event type of the key's windows: its name and its slot in the window tables, listed in name order. */
export interface TypeSlot {
  readonly name: string;
  readonly slot: number;
}

/** What the windows of a key are listed from. */
export interface WindowSources {
  readonly plan: FaultPlan;
  /** The types seen, in name order (how each window lists them). */
  readonly types: readonly TypeSlot[];
  /** The purchase type's slot, or -1 when none was seen. */
  readonly purchaseSlot: number;
  readonly eventTime: WindowTable;
  readonly processingTime: WindowTable;
  /** Sessions started by event-time window start. */
  readonly started: ReadonlyMap<number, number>;
}

/**
 * The key's `windows`: its two listings are built as objects only when read, and written
 * as text straight from the window tables when the key is written (key-text.ts).
 */
export function keyWindows(sources: WindowSources): AnswerKeyParts['windows'] & WritesText {
  const eventTime = new WindowListing(sources, sources.eventTime, sources.started);
  const processingTime = new WindowListing(sources, sources.processingTime, null);
  const seconds = sources.plan.windowMs / 1000;
  let eventRecords: Record<string, WindowCounts> | undefined;
  let processingRecords: Record<string, WindowCounts> | undefined;
  const windows = {
    seconds,
    get event_time(): Record<string, WindowCounts> {
      return (eventRecords ??= eventTime.records());
    },
    get processing_time(): Record<string, WindowCounts> {
      return (processingRecords ??= processingTime.records());
    },
  };
  const write = (out: ByteText, indent: string): void => {
    const inner = `${indent}  `;
    out.ascii(`{\n${inner}"seconds": ${JSON.stringify(seconds)},\n${inner}"event_time": `);
    eventTime.write(out, inner);
    out.ascii(`,\n${inner}"processing_time": `);
    processingTime.write(out, inner);
    out.ascii(`\n${indent}}`);
  };
  // Not enumerable: the windows compare equal to (and stringify as) the plain object they stand for.
  return Object.defineProperty(windows, writeText, { value: write, enumerable: false }) as typeof windows & WritesText;
}

/** The windows of one kind of time, in time order: those with a record, and those with only a session started. */
class WindowListing {
  private readonly windowMs: number;
  private readonly times = new WindowTimes();
  /** Sessions started by window index (slot 0), or null for windows of processing time. */
  private readonly started: WindowTable | null;

  constructor(
    private readonly sources: WindowSources,
    private readonly table: WindowTable,
    started: ReadonlyMap<number, number> | null,
  ) {
    this.windowMs = sources.plan.windowMs;
    this.started = started === null ? null : new WindowTable();
    // A start is a whole multiple of the window (FaultStage floors it so): the division is exact.
    if (started !== null) for (const [start, n] of started) this.started!.add(start / this.windowMs, 0, 0, n);
  }

  /** Calls `each` with every window's index, in time order. */
  private forEach(each: (index: number) => void): void {
    const indexes = this.table.indexes();
    const extra = this.started?.indexes() ?? [];
    let e = 0;
    for (const index of indexes) {
      while (e < extra.length && extra[e] < index) each(extra[e++]);
      if (e < extra.length && extra[e] === index) e++;
      each(index);
    }
    while (e < extra.length) each(extra[e++]);
  }

  /** Sessions started in window `index`. */
  private startedIn(index: number): number {
    const started = this.started!;
    return started.seek(index) ? started.count(index, 0) : 0;
  }

  records(): Record<string, WindowCounts> {
    const { types, purchaseSlot, plan } = this.sources;
    const purchases = plan.purchases;
    const table = this.table;
    const out: Record<string, WindowCounts> = {};
    this.forEach((index) => {
      const counted = table.seek(index);
      const byType: Record<string, number> = {};
      let events = 0;
      if (counted) {
        for (const { name, slot } of types) {
          const n = table.count(index, slot);
          if (n > 0) byType[name] = n;
          events += n;
        }
      }
      const counts: WindowCounts = { events, events_by_type: byType };
      if (this.started !== null) counts.sessions_started = this.startedIn(index);
      if (purchases !== null) {
        counts.purchases = counted && purchaseSlot >= 0 ? table.count(index, purchaseSlot) : 0;
        if (purchases.revenue !== null) counts.revenue = revenueText(counted ? table.revenue(index) : 0, purchases.decimals);
      }
      out[this.times.format(index * this.windowMs)] = counts;
    });
    return out;
  }

  /** Writes the listing as `records()` would stringify, its lines after the first starting with `indent`. */
  write(out: ByteText, indent: string): void {
    const { types, purchaseSlot, plan } = this.sources;
    const purchases = plan.purchases;
    const table = this.table;
    const window = `${indent}  `;
    const member = `${window}  `;
    // Every piece but the numbers and times is made once, as bytes.
    const typeLines = types.map(({ name }) => Buffer.from(`{\n${member}  ${JSON.stringify(name)}: `));
    const typeCommaLines = types.map(({ name }) => Buffer.from(`,\n${member}  ${JSON.stringify(name)}: `));
    const slots = types.map(({ slot }) => slot);
    const firstStart = Buffer.from(`\n${window}"`);
    const nextStart = Buffer.from(`,\n${window}"`);
    const eventsLine = Buffer.from(`": {\n${member}"events": `);
    const byTypeLine = Buffer.from(`,\n${member}"events_by_type": `);
    const noTypes = Buffer.from('{}');
    const byTypeEnd = Buffer.from(`\n${member}}`);
    const startedLine = Buffer.from(`,\n${member}"sessions_started": `);
    const purchasesLine = Buffer.from(`,\n${member}"purchases": `);
    const revenueLine = Buffer.from(`,\n${member}"revenue": "`);
    const quote = Buffer.from('"');
    const windowEnd = Buffer.from(`\n${window}}`);
    const started = this.started;
    const times = this.times;
    const windowMs = this.windowMs;
    const typePieces = typeCommaLines.reduce((sum, line) => sum + line.length + MAX_NUMBER_BYTES, 0);
    const fixed = [nextStart, eventsLine, byTypeLine, byTypeEnd, startedLine, purchasesLine, revenueLine, quote, windowEnd].reduce((sum, piece) => sum + piece.length, 0);
    // The most a window takes but its revenue text: one check for room per window.
    const most = fixed + typePieces + MAX_TIME_BYTES + 4 * MAX_NUMBER_BYTES;
    let first = true;
    out.ascii('{');
    this.forEach((index) => {
      const counted = table.seek(index);
      const units = counted ? table.revenue(index) : 0;
      // Revenue past what putRevenue writes (beyond 2^53 units, or 16 places and more) is written as its text.
      const revenue = purchases?.revenue == null || revenuePuttable(units, purchases.decimals) ? null : revenueText(units, purchases.decimals);
      const bytes = out.reserve(most + (revenue === null ? MAX_REVENUE_BYTES : revenue.length));
      let o = putBytes(bytes, out.offset, first ? firstStart : nextStart);
      first = false;
      o = times.put(bytes, o, index * windowMs);
      o = putBytes(bytes, o, eventsLine);
      let events = 0;
      if (counted) for (let t = 0; t < slots.length; t++) events += table.count(index, slots[t]);
      o = putNumber(bytes, o, events);
      o = putBytes(bytes, o, byTypeLine);
      let listed = 0;
      if (counted) {
        for (let t = 0; t < slots.length; t++) {
          const n = table.count(index, slots[t]);
          if (n === 0) continue;
          o = putBytes(bytes, o, listed++ === 0 ? typeLines[t] : typeCommaLines[t]);
          o = putNumber(bytes, o, n);
        }
      }
      o = putBytes(bytes, o, listed === 0 ? noTypes : byTypeEnd);
      if (started !== null) {
        o = putBytes(bytes, o, startedLine);
        o = putNumber(bytes, o, this.startedIn(index));
      }
      if (purchases !== null) {
        o = putBytes(bytes, o, purchasesLine);
        o = putNumber(bytes, o, counted && purchaseSlot >= 0 ? table.count(index, purchaseSlot) : 0);
        if (purchases.revenue !== null) {
          o = putBytes(bytes, o, revenueLine);
          o = revenue === null ? putRevenue(bytes, o, units, purchases.decimals) : putAscii(bytes, o, revenue);
          o = putBytes(bytes, o, quote);
        }
      }
      out.wrote(putBytes(bytes, o, windowEnd));
    });
    out.ascii(first ? '}' : `\n${indent}}`);
  }
}
