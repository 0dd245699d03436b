import type { EventView, FieldValue, OutputSchema } from '../../engine/event.js';

/** Sessions whose first shift is remembered: far more than are ever open at once. */
const SESSION_SLOTS = 1 << 16;

/**
 * Moves events in time: the event time and every timestamp column the event carries
 * (an offset time) by the same amount, so that their relations hold. A session's start
 * moves by its first event's shift on all its events, so it stays one value per session
 * (Segment's context.sessionId) while the schedule stretches the gaps between events.
 */
export class TimeShift {
  /** Timestamp columns per layout id. */
  private readonly columns: (readonly number[])[] = [];
  /** Columns that write the event's own time, per layout id. */
  private readonly eventTimeColumns: (readonly number[])[] = [];
  /** Columns computed from the event time alone in another form (GA4's event_timestamp, a date), per layout id. */
  private readonly retimed: (readonly { column: number; retime: (eventTime: number) => FieldValue }[])[] = [];
  /** Session-start columns per layout id. */
  private readonly sessionColumns: (readonly number[])[] = [];
  /** The first shift of recent sessions, by session number modulo SESSION_SLOTS. */
  private readonly sessionNumbers = new Float64Array(SESSION_SLOTS).fill(-1);
  private readonly sessionShifts = new Float64Array(SESSION_SLOTS);

  constructor(schema: OutputSchema) {
    for (const layout of schema.layouts) {
      this.columns[layout.id] = layout.columns.filter((column) => schema.fields[column].time !== undefined && schema.fields[column].sessionStart !== true);
      this.sessionColumns[layout.id] = layout.columns.filter((column) => schema.fields[column].sessionStart === true);
      this.eventTimeColumns[layout.id] = layout.columns.filter((column) => schema.fields[column].eventTime === true);
      this.retimed[layout.id] = layout.columns.flatMap((column) => {
        const retime = schema.fields[column].retime;
        return retime === undefined ? [] : [{ column, retime }];
      });
    }
  }

  private retime(event: EventView): void {
    const values = event.values;
    for (const { column, retime } of this.retimed[event.layout.id] ?? []) if (values[column] !== undefined) values[column] = retime(event.time);
  }

  moveBy(event: EventView, shift: number): void {
    this.moveSessionStart(event, shift);
    if (shift === 0) return;
    event.time += shift;
    this.retime(event);
    const columns = this.columns[event.layout.id];
    if (columns === undefined) return;
    const values = event.values;
    for (const column of columns) {
      const value = values[column];
      if (typeof value === 'number') values[column] = value + shift;
    }
  }

  private moveSessionStart(event: EventView, shift: number): void {
    const columns = this.sessionColumns[event.layout.id];
    if (columns === undefined || columns.length === 0) return;
    const slot = event.session % SESSION_SLOTS;
    if (this.sessionNumbers[slot] !== event.session) {
      this.sessionNumbers[slot] = event.session;
      this.sessionShifts[slot] = shift;
    }
    const first = this.sessionShifts[slot];
    const values = event.values;
    for (const column of columns) {
      const value = values[column];
      if (typeof value === 'number') values[column] = value + first;
    }
  }

  /** Moves the event time alone (and the columns that write it) to `time`, when it is earlier. */
  raiseEventTime(event: EventView, time: number): void {
    if (event.time >= time) return;
    event.time = time;
    const values = event.values;
    for (const column of this.eventTimeColumns[event.layout.id] ?? []) values[column] = time;
    this.retime(event);
  }
}
