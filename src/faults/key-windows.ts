import type { AnswerKeyParts, WindowCounts } from './answer-key.js';
import { ByteText, MAX_NUMBER_BYTES, putAscii, putBytes, putNumber, writeText, type WritesText } from './key-text.js';
import type { FaultPlan } from './plan.js';
import { revenueText } from './revenue.js';
import type { WindowTable } from './window-table.js';
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

  constructor(
    private readonly sources: WindowSources,
    private readonly table: WindowTable,
    private readonly started: ReadonlyMap<number, number> | null,
  ) {
    this.windowMs = sources.plan.windowMs;
  }

  /** Calls `each` with every window's start, and its index in the table (NaN for a window with no record), in time order. */
  private forEach(each: (start: number, index: number) => void): void {
    const indexes = this.table.indexes();
    const windowMs = this.windowMs;
    let extra: number[] = [];
    if (this.started !== null && this.started.size > 0) {
      const counted = new Set(indexes.map((index) => index * windowMs));
      extra = [...this.started.keys()].filter((start) => !counted.has(start)).sort((a, b) => a - b);
    }
    let e = 0;
    for (const index of indexes) {
      const start = index * windowMs;
      while (e < extra.length && extra[e] < start) each(extra[e++], NaN);
      each(start, index);
    }
    while (e < extra.length) each(extra[e++], NaN);
  }

  records(): Record<string, WindowCounts> {
    const { types, purchaseSlot, plan } = this.sources;
    const purchases = plan.purchases;
    const table = this.table;
    const out: Record<string, WindowCounts> = {};
    this.forEach((start, index) => {
      const counted = !Number.isNaN(index) && table.seek(index);
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
      if (this.started !== null) counts.sessions_started = this.started.get(start) ?? 0;
      if (purchases !== null) {
        counts.purchases = counted && purchaseSlot >= 0 ? table.count(index, purchaseSlot) : 0;
        if (purchases.revenue !== null) counts.revenue = revenueText(counted ? table.revenue(index) : 0, purchases.decimals);
      }
      out[this.times.format(start)] = counts;
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
    const typePieces = typeCommaLines.reduce((sum, line) => sum + line.length + MAX_NUMBER_BYTES, 0);
    const fixed = [nextStart, eventsLine, byTypeLine, byTypeEnd, startedLine, purchasesLine, revenueLine, quote, windowEnd].reduce((sum, piece) => sum + piece.length, 0);
    // The most a window takes but its revenue text: one check for room per window.
    const most = fixed + typePieces + MAX_TIME_BYTES + 4 * MAX_NUMBER_BYTES + 1;
    let first = true;
    out.ascii('{');
    this.forEach((start, index) => {
      const counted = !Number.isNaN(index) && table.seek(index);
      const revenue = purchases?.revenue == null ? '' : revenueText(counted ? table.revenue(index) : 0, purchases.decimals);
      const bytes = out.reserve(most + revenue.length);
      let o = putBytes(bytes, out.offset, first ? firstStart : nextStart);
      first = false;
      o = times.put(bytes, o, start);
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
        o = putNumber(bytes, o, started.get(start) ?? 0);
      }
      if (purchases !== null) {
        o = putBytes(bytes, o, purchasesLine);
        o = putNumber(bytes, o, counted && purchaseSlot >= 0 ? table.count(index, purchaseSlot) : 0);
        if (purchases.revenue !== null) {
          o = putBytes(bytes, o, revenueLine);
          o = putAscii(bytes, o, revenue);
          o = putBytes(bytes, o, quote);
        }
      }
      out.wrote(putBytes(bytes, o, windowEnd));
    });
    out.ascii(first ? '}' : `\n${indent}}`);
  }
}
