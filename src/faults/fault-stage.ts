import type { DeliveryIntake } from '../engine/delivery-order.js';
import { eventView, type EventView } from '../engine/event.js';
import type { FaultMark, MarkedLayout } from './marks.js';
import { Fates } from './fates.js';
import { BAD, DROP, DUPLICATE, duplicateDelayMs, type FaultPlan } from './plan.js';

/** An event simulated and never delivered, as the answer key lists it. */
export interface DroppedEvent {
  readonly session: number;
  readonly index: number;
  readonly type: string;
  readonly time: number;
}

/**
 * Delivery faults, applied by DeliveryOrder to each event as the engine makes it: drops
 * events, marks the ones written broken, and hands DeliveryOrder a copy of each duplicated
 * event with a later processing time, so that it is delivered again after its delay. Also
 * counts, per event-time window, the sessions whose first event is delivered intact.
 */
export class FaultStage implements DeliveryIntake {
  readonly dropped: DroppedEvent[] = [];
  redelivery: EventView | null = null;
  redeliveryTime = 0;
  private readonly started = new Map<number, number>();
  /**
   * Sessions started in the window at `startedWindow`, not yet added to the map: the engine
   * makes events in time order, so the map takes one addition per window rather than a
   * lookup per session (its keys, epoch ms, are no small integers).
   */
  private startedWindow = NaN;
  private startedThere = 0;
  private readonly fates: Fates;

  constructor(
    private readonly plan: FaultPlan,
    /** Keep the drops and sessions started for the answer key. */
    private readonly collect = true,
  ) {
    this.fates = new Fates(plan);
  }

  /** Sessions started, by event-time window start (epoch ms). */
  get sessionsStarted(): Map<number, number> {
    this.storeStarted();
    return this.started;
  }

  admit(event: EventView, processingTime: number): EventView | null {
    const plan = this.plan;
    const index = plan.position.index;
    const fate = this.fates.of(event.session, index);
    if (fate === DROP) {
      if (this.collect) this.dropped.push({ session: event.session, index, type: event.type.text, time: event.time });
      return null;
    }
    if (index === 0 && (fate & BAD) === 0 && this.collect) this.countStarted(event.time);
    if (fate === 0) return event;
    const duplicated = (fate & DUPLICATE) !== 0;
    const mark: FaultMark = { session: event.session, index, duplicated, copy: false, bad: (fate & BAD) !== 0 };
    if (duplicated) {
      this.redelivery = marked(event, { ...mark, copy: true }, event.values.slice());
      this.redeliveryTime = processingTime + duplicateDelayMs(plan, event.session, index);
    }
    return marked(event, mark, event.values);
  }

  private countStarted(time: number): void {
    const window = Math.floor(time / this.plan.windowMs) * this.plan.windowMs;
    if (window !== this.startedWindow) {
      this.storeStarted();
      this.startedWindow = window;
    }
    this.startedThere++;
  }

  private storeStarted(): void {
    if (this.startedThere === 0) return;
    this.started.set(this.startedWindow, (this.started.get(this.startedWindow) ?? 0) + this.startedThere);
    this.startedThere = 0;
  }
}

function marked(event: EventView, fault: FaultMark, values: EventView['values']): EventView {
  const layout: MarkedLayout = { id: event.layout.id, columns: event.layout.columns, fault };
  return eventView(event.time, event.type, event.session, layout, values, event.origin ?? event.values);
}
