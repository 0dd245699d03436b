import type { Engine } from './engine.js';
import { eventView, type EventView } from './event.js';

/**
 * What DeliveryOrder asks of each event as the engine makes it, before ordering it: faults
 * that drop, mark or redeliver events (src/faults/fault-stage.ts). A stage of its own between
 * the engine and this one cost a call and a copy of the delivery state per event.
 */
export interface DeliveryIntake {
  /** The event to deliver for `event`, received at `processingTime`: itself, a marked view of it, or null when it is dropped. */
  admit(event: EventView, processingTime: number): EventView | null;
  /** A second delivery of the event last admitted (a copy that owns its values), or null; DeliveryOrder takes it. */
  redelivery: EventView | null;
  /** When the redelivery is received. */
  readonly redeliveryTime: number;
}

/** An event held back until its processing time comes. */
interface Held {
  /** A copy, since the engine reuses its view; made as views are, so that encoders see one shape. */
  readonly event: EventView;
  readonly processingTime: number;
  /** Generation order: breaks ties between equal processing times. */
  readonly sequence: number;
  readonly late: boolean;
}

/**
 * Late delivery between the engine and the encoder: the engine writes events in event-time
 * order, each with a processing time at or after its event time; this stage releases them in
 * processing-time order (ties in generation order), as a pipeline would receive them.
 *
 * Memory stays bounded: an event is released as soon as the engine's event time passes its
 * processing time, because every event still to come is received no earlier than it
 * happens. Only events within the largest delay of the frontier are held. An on-time event
 * is never copied: the held events due before it go first, while the engine's view waits
 * untouched (the engine is not asked for its next event until it is out). Copying it when
 * a late event fell due before it had doubled the copies, and each copy is written without
 * its session's cached bytes (src/encode/session-runs.ts). No I/O, no clock: the output
 * order is a function of the engine's output.
 */
export class DeliveryOrder {
  private readonly heap: Held[] = [];
  /** Event time of the engine's latest event: nothing to come is received before it. */
  private frontier = -Infinity;
  private sequence = 0;
  /** The engine's on-time event, released once the held events due before it are out; null when none waits. */
  private waiting: EventView | null = null;
  private waitingLate = false;
  /** Whether the event last returned arrived late, and when it was received. */
  late = false;
  processingTime = 0;

  constructor(
    private readonly engine: Pick<Engine, 'next' | 'delivery'>,
    /** Faults applied to each event as it is made; null without. */
    private readonly intake: DeliveryIntake | null = null,
  ) {}

  /** Events held back now. */
  get held(): number {
    return this.heap.length;
  }

  /** The next event in processing-time order, or null when every event is out. The view may be reused. */
  next(): EventView | null {
    for (;;) {
      const top = this.heap[0];
      if (top !== undefined && top.processingTime <= this.frontier) return this.release(this.pop());
      const waiting = this.waiting;
      if (waiting !== null) {
        this.waiting = null;
        this.late = this.waitingLate;
        this.processingTime = waiting.time;
        return waiting;
      }
      if (this.frontier === Infinity) return null;
      const made = this.engine.next();
      if (made === null) {
        this.frontier = Infinity;
        continue;
      }
      const { processingTime, late } = this.engine.delivery;
      const intake = this.intake;
      const event = intake === null ? made : intake.admit(made, processingTime);
      // A dropped event is never received: it moves nothing on.
      if (event === null) continue;
      this.frontier = event.time;
      const sequence = this.sequence++;
      if (intake !== null && intake.redelivery !== null) {
        // Received again after the first delivery: after it in sequence, and later in time.
        this.push({ event: intake.redelivery, processingTime: intake.redeliveryTime, sequence: this.sequence++, late: false });
        intake.redelivery = null;
      }
      if (processingTime === event.time) {
        // Received as it happens: after every held event due by now (those have earlier
        // sequence numbers), before any event still to come. Mostly none is due: out at once.
        const due = this.heap[0];
        if (due === undefined || due.processingTime > event.time) {
          this.late = late;
          this.processingTime = processingTime;
          return event;
        }
        this.waiting = event;
        this.waitingLate = late;
        continue;
      }
      this.push({ event: eventView(event.time, event.type, event.session, event.layout, event.values.slice(), event.origin ?? event.values), processingTime, sequence, late });
    }
  }

  private release(held: Held): EventView {
    this.late = held.late;
    this.processingTime = held.processingTime;
    return held.event;
  }

  private push(item: Held): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, heap[parent])) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = item;
  }

  private pop(): Held {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop()!;
    const n = heap.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(heap[right], heap[left]) ? right : left;
      if (!before(heap[child], last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

function before(a: Held, b: Held): boolean {
  return a.processingTime < b.processingTime || (a.processingTime === b.processingTime && a.sequence < b.sequence);
}
