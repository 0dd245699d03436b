import type { EventView, FieldValue } from '../../engine/event.js';
import { markOf } from '../../faults/marks.js';

/**
 * A duplicate's second delivery is the record already written, again (docs/faults.md): byte
 * for byte, its event time included. A schedule that stamps each event with a time of its own
 * (rate-schedule.ts) would give the second delivery another stamp, its own due time less its
 * delay, which may even be earlier than the first's. So the first delivery's stamped time and
 * values are kept here until the second is written as them.
 */
export class Redeliveries {
  /** Stamped first deliveries whose second is still to come, by "session:index". */
  private readonly firsts = new Map<string, { readonly time: number; readonly values: FieldValue[] }>();

  /** After `event` is stamped: keeps it when it is the first delivery of a duplicated event. */
  keep(event: EventView): void {
    const mark = markOf(event.layout);
    if (mark === undefined || !mark.duplicated || mark.copy) return;
    this.firsts.set(`${mark.session}:${mark.index}`, { time: event.time, values: event.values.slice() });
  }

  /**
   * Whether `event` is a second delivery, then given its first delivery's time and values (it
   * is not to be stamped). The first always comes before it: its processing time is earlier,
   * and DeliveryOrder orders a tie by generation, the first made first.
   */
  restore(event: EventView): boolean {
    const mark = markOf(event.layout);
    if (mark === undefined || !mark.copy) return false;
    const id = `${mark.session}:${mark.index}`;
    const first = this.firsts.get(id)!;
    this.firsts.delete(id);
    event.time = first.time;
    event.values = first.values;
    return true;
  }
}
