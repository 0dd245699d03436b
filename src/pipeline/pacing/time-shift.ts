import type { EventView, OutputSchema } from '../../engine/event.js';

/**
 * Moves events in time: the event time and every timestamp column the event carries
 * (a session start, an offset time) by the same amount, so that their relations hold.
 */
export class TimeShift {
  /** Timestamp columns per layout id. */
  private readonly columns: (readonly number[])[] = [];
  /** Columns that write the event's own time, per layout id. */
  private readonly eventTimeColumns: (readonly number[])[] = [];

  constructor(schema: OutputSchema) {
    for (const layout of schema.layouts) {
      this.columns[layout.id] = layout.columns.filter((column) => schema.fields[column].time !== undefined);
      this.eventTimeColumns[layout.id] = layout.columns.filter((column) => schema.fields[column].eventTime === true);
    }
  }

  moveBy(event: EventView, shift: number): void {
    if (shift === 0) return;
    event.time += shift;
    const columns = this.columns[event.layout.id];
    if (columns === undefined) return;
    const values = event.values;
    for (const column of columns) {
      const value = values[column];
      if (typeof value === 'number') values[column] = value + shift;
    }
  }

  /** Moves the event time alone (and the columns that write it) to `time`, when it is earlier. */
  raiseEventTime(event: EventView, time: number): void {
    if (event.time >= time) return;
    event.time = time;
    const values = event.values;
    for (const column of this.eventTimeColumns[event.layout.id] ?? []) values[column] = time;
  }
}
