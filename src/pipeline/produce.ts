import type { ReleaseGate } from '../clock/release-gate.js';
import { DeliveryOrder } from '../engine/delivery-order.js';
import { Engine, type EngineOptions } from '../engine/engine.js';
import type { EventView } from '../engine/event.js';
import type { SimulationModel } from '../engine/model.js';
import { FaultStage } from '../faults/fault-stage.js';
import type { FaultPlan } from '../faults/plan.js';
import { Realtime, type RealtimeOptions } from './pacing/realtime.js';

/** A run's events in the order they are written, and what made them. */
export interface RunEvents {
  readonly engine: Engine;
  readonly events: { next(): EventView | null };
  /** With late delivery, the stage that orders events by processing time; null without. */
  readonly delivery: DeliveryOrder | null;
  /** In real time, what says when each event is due; null for a run as fast as the output takes it. */
  readonly realtime: Realtime | null;
  /** With faults or an answer key asked for, the stage that drops, duplicates and marks events; null without. */
  readonly faults: FaultStage | null;
}

/**
 * Builds the engine of a run, paced when `realtime` is given, with late delivery when the
 * scenario has it, and with the fault stage before delivery when `faults` is given (keeping
 * what the answer key lists only when `answerKey`).
 */
export async function runEvents(
  scenario: SimulationModel & { readonly lateHorizonMs?: number },
  options: EngineOptions,
  realtime: RealtimeOptions | undefined,
  signal?: AbortSignal,
  faults: FaultPlan | null = null,
  answerKey = true,
): Promise<RunEvents> {
  const paced = realtime === undefined ? null : await Realtime.start(scenario, options, { lateHorizonMs: scenario.lateHorizonMs, ...realtime }, signal, faults?.position ?? null);
  const engine = paced?.engine ?? new Engine(scenario, options);
  const made = paced?.events ?? engine;
  const stage = faults === null ? null : new FaultStage(faults, answerKey);
  // With late delivery (or any fault: a compiled scenario with faults has delivery), events
  // reach the encoder in processing-time order, the faults applied as they are made.
  const delivery = scenario.delivery === null ? null : new DeliveryOrder(made, stage);
  return { engine, events: delivery ?? made, delivery, realtime: paced, faults: stage };
}

/** Where the produce loop puts events: records collected into a batch, handed on when full or before a wait. */
export interface Batcher {
  /**
   * Adds an event, due at `due` (epoch ms; NaN when not paced); false, having added
   * nothing, when the batch has no room for it (hand it on, then add again). Synchronous:
   * most events need no await, and an async call per event would cost a promise each.
   */
  add(event: EventView, due: number, late: boolean): boolean;
  /** Records in the batch. */
  readonly count: number;
  readonly full: boolean;
  /** Hands the batch on: to the sink, or to the thread that releases it. */
  flush(): Promise<void>;
  /** Whether the next event may be made now; false while the output is too far behind. */
  hasRoom(): boolean;
  /** Waits until there is room again (or the signal aborts). */
  waitForRoom(signal?: AbortSignal): Promise<void>;
  /**
   * Paced: nothing more comes before `due`, the time the loop now waits for. A thread that
   * merges several paced producers releases up to there without waiting for this one.
   */
  idleUntil?(due: number): void;
}

/**
 * The one produce loop of every thread: takes the run's events in order, waits for each
 * paced event's due time on `gate` (by default the run's own), and adds them to the batcher. Stops at the end of the
 * events, at the real-time end, or when the signal aborts (after the batch in hand).
 */
export async function produce(run: RunEvents, batcher: Batcher, signal?: AbortSignal, gate: ReleaseGate | undefined = run.realtime?.gate): Promise<'complete' | 'signal'> {
  const { events, delivery, realtime } = run;
  let sinceCheck = 0;
  for (let event = events.next(); event !== null; event = events.next()) {
    let due = NaN;
    if (realtime !== null && gate !== undefined) {
      // Due when it is received: its processing time with late delivery, else its time.
      due = realtime.schedule.due(event, delivery === null ? event.time : delivery.processingTime);
      if (due >= realtime.end) break;
      if (!gate.isDue(due)) {
        // What is made goes on in time; then sleep until this event is due.
        batcher.idleUntil?.(due);
        await batcher.flush();
        await gate.waitFor(due, signal);
        if (signal?.aborted === true) break;
      }
    }
    if (!batcher.hasRoom()) {
      await batcher.flush();
      await batcher.waitForRoom(signal);
      if (signal?.aborted === true) break;
    }
    const late = delivery !== null && delivery.late;
    if (!batcher.add(event, due, late)) {
      await batcher.flush();
      batcher.add(event, due, late);
    }
    if (batcher.full) await batcher.flush();
    // Batches are handed on (and the event loop visited) every few thousand events, so a
    // signal is seen within one batch; checking every 1024 events keeps the cost nil.
    // Right after a flush too: with one record per batch (real time) that is every record.
    if (++sinceCheck === 1024 || batcher.count === 0) {
      sinceCheck = 0;
      if (signal?.aborted === true) break;
    }
  }
  await batcher.flush();
  return signal?.aborted === true ? 'signal' : 'complete';
}
