import type { Sym } from '../engine/sym.js';
import { AnswerKeyCollector, type AnswerKeyParts } from '../faults/answer-key.js';
import type { DroppedEvent } from '../faults/fault-stage.js';
import { isListedMark, type FaultMark } from '../faults/marks.js';
import type { FaultPlan } from '../faults/plan.js';
import type { BadRecordKind } from '../scenario/schema.js';
import type { RecordPlace } from '../sinks/types.js';
import { MARK_BAD, MARK_COPY, MARK_DUPLICATED, type ShardBatch, type ShardFaultTally } from './worker/protocol.js';

/**
 * The answer key of a run in worker threads, kept by the thread that merges their records.
 * The workers decide the faults (each event's fate is a hash of its session and index, so a
 * worker's faults are the whole run's on its users) and break the bad records; this thread
 * sees the records in the order they are written, so it counts them, their positions and the
 * watermarks' drops exactly as one thread does. What happened before delivery (drops, sessions
 * started) the workers tally, and their tallies add up.
 */
export class WorkersAnswerKey {
  private readonly key: AnswerKeyCollector;
  /** Per batch, the mark of each of its records by index, or -1; made when the batch is first read. */
  private readonly markAt = new WeakMap<ShardBatch, Int32Array>();

  constructor(plan: FaultPlan) {
    this.key = new AnswerKeyCollector(plan);
  }

  /**
   * Record `i` of `batch`, of event type `type`, written at `position`. Returns whether the key
   * lists the record by its position (a duplicate or a bad record): where the sink puts it goes in the key too.
   */
  add(batch: ShardBatch, i: number, type: Sym, position: number): boolean {
    const marks = batch.marks!;
    let mark: FaultMark | undefined;
    let kind: BadRecordKind | null = null;
    if (marks.at.length > 0) {
      const m = this.marksOf(batch)[i];
      if (m >= 0) {
        const flags = marks.flags[m];
        mark = { session: marks.sessions[m], index: marks.indexes[m], duplicated: (flags & MARK_DUPLICATED) !== 0, copy: (flags & MARK_COPY) !== 0, bad: (flags & MARK_BAD) !== 0 };
        kind = marks.kinds[m];
      }
    }
    // Paced, a record is received when due: the schedule stamps its processing time with that (run.ts).
    const received = batch.dues === undefined ? batch.received[i] : Math.floor(batch.dues[i]);
    this.key.add(type, batch.times[i], position, received, mark, kind, batch.revenues?.[i] ?? 0);
    return isListedMark(mark);
  }

  /** The answer key's version 2 parts, from every record written and every worker's tally, with where the sink put the listed records. */
  finish(tallies: readonly (ShardFaultTally | undefined)[], places?: ReadonlyMap<number, RecordPlace>): AnswerKeyParts {
    const sessionsStarted = new Map<number, number>();
    for (const tally of tallies) for (const [window, n] of tally?.sessionsStarted ?? []) sessionsStarted.set(window, (sessionsStarted.get(window) ?? 0) + n);
    // One thread drops events in the order it makes them: by time, then session, then index.
    const dropped = tallies.flatMap((tally) => tally?.dropped ?? []).sort(madeBefore);
    return this.key.finish({ dropped, sessionsStarted }, places);
  }

  private marksOf(batch: ShardBatch): Int32Array {
    let at = this.markAt.get(batch);
    if (at === undefined) {
      at = new Int32Array(batch.count).fill(-1);
      batch.marks!.at.forEach((record, m) => (at![record] = m));
      this.markAt.set(batch, at);
    }
    return at;
  }
}

function madeBefore(a: DroppedEvent, b: DroppedEvent): number {
  return a.time - b.time || a.session - b.session || a.index - b.index;
}
