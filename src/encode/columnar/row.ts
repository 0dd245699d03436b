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

/** A copy of the event's values (the engine reuses its event object); columns it lacks stay undefined. */
export function eventRow(event: EventView, schema: OutputSchema): Row {
  const values = new Array<unknown>(schema.fields.length);
  for (const column of event.layout.columns) values[column] = event.values[column];
  return { values, layout: event.layout };
}
