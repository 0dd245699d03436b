import type { EventView, Layout, OutputSchema } from '../../engine/event.js';

/**
 * One event's values, by output column (the scenario's `OutputSchema` index); undefined
 * where the event has no such field. Interned values stay Syms; times are epoch ms.
 * Columnar formats build their columns from these (record-columns.ts). The layout says
 * which columns the event carries: a nested object is written when any of its members
 * is carried, even when none has a value (`"filters":{}` in NDJSON).
 */
export interface Row {
  readonly values: readonly unknown[];
  readonly layout: Layout;
}

interface MutableRow {
  readonly values: unknown[];
  layout: Layout;
}

/**
 * The rows of one batch: copies of the events' values (the engine reuses its event
 * object). The row objects are reused from batch to batch: a row per event that lived
 * until its batch was written would be promoted by the young-generation collector and
 * cost a full collection later. A sink reads the rows while `write` runs, not after.
 */
export class RowRecorder {
  private readonly rows: MutableRow[] = [];
  private count = 0;

  constructor(private readonly schema: OutputSchema) {}

  add(event: EventView): void {
    let row = this.rows[this.count];
    if (row === undefined) this.rows.push((row = { values: new Array<unknown>(this.schema.fields.length), layout: event.layout }));
    else {
      // Only the previous event's columns hold values: clearing them is a few stores, where
      // `fill` was a call into the runtime of about 760 instructions an event.
      const values = row.values;
      for (const column of row.layout.columns) values[column] = undefined;
    }
    const values = row.values;
    const from = event.values;
    for (const column of event.layout.columns) values[column] = from[column];
    row.layout = event.layout;
    this.count++;
  }

  /** This batch's rows (the array may be longer: read the batch's count of them); the next batch starts empty. */
  take(): readonly Row[] {
    this.count = 0;
    return this.rows;
  }
}
