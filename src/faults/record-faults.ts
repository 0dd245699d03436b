import type { EventView, OutputSchema } from '../engine/event.js';
import type { RecordBuffer } from '../encode/record-buffer.js';
import { RunError, UsageError } from '../errors.js';
import type { BadRecordKind } from '../scenario/schema.js';
import type { RecordPlace } from '../sinks/types.js';
import { AnswerKeyCollector, type AnswerKeyParts, type FaultTally } from './answer-key.js';
import { BAD_KINDS_BY_FORMAT, breakRecord, impossibleKind } from './bad-record.js';
import { isListedMark, markOf } from './marks.js';
import { PurchaseRevenue } from './revenue.js';
import { badKindOf, type FaultPlan } from './plan.js';

/** The record was marked bad and its broken form does not fit in the batch: hand the batch on, then add the event again. */
export const NO_ROOM = false;

/**
 * Breaks the records marked bad right after they are encoded, in the thread that encodes
 * them (a worker of `--workers`, or the one thread of a run).
 */
export class BadRecords {
  private readonly kinds: readonly BadRecordKind[];

  constructor(
    private readonly plan: FaultPlan,
    private readonly format: string,
  ) {
    this.kinds = plan.badShare > 0 ? badKindsFor(plan, format) : [];
  }

  /**
   * After `event` was added to `buffer` as its last record: breaks it when it is marked bad.
   * Returns the kind it was broken as, null for a record left whole, or NO_ROOM, having taken
   * the record back out, when the broken record does not fit.
   */
  apply(event: EventView, buffer: RecordBuffer): BadRecordKind | null | typeof NO_ROOM {
    const mark = markOf(event.layout);
    // Not `mark?.bad !== true`: with undefined in its feedback that compare is a generic one, on every record.
    if (mark === undefined || !mark.bad) return null;
    const broken = breakRecord(buffer.lastRecord(), this.format, badKindOf(this.plan, mark.session, mark.index, this.kinds));
    if (!buffer.replaceLast(broken.bytes)) {
      if (buffer.count === 0) throw new RunError('SINK_FAILED', 'a bad record does not fit in the batch buffer; give a larger batch');
      return NO_ROOM;
    }
    return broken.kind;
  }
}

/**
 * The writer's half of the faults in a run of one thread: breaks the records marked bad and
 * keeps the answer key of every record written.
 */
export class RecordFaults {
  /** Null when no answer key is asked for: bad records are still broken. */
  private readonly key: AnswerKeyCollector | null;
  private readonly bad: BadRecords;
  private readonly revenue: PurchaseRevenue | null;

  constructor(plan: FaultPlan, format: string, schema: OutputSchema, answerKey = true) {
    this.key = answerKey ? new AnswerKeyCollector(plan) : null;
    this.bad = new BadRecords(plan, format);
    this.revenue = PurchaseRevenue.of(plan, schema);
  }

  /** Whether `written` has anything to do for `event`: a record marked with a fault, or any record when the answer key is kept. */
  concerns(event: EventView): boolean {
    return this.key !== null || markOf(event.layout) !== undefined;
  }

  /**
   * After `event` was added to `buffer` as record `position`: breaks it when it is marked
   * bad and counts it. False, having taken the record back out, when the broken record
   * does not fit (hand the batch on, then add the event again).
   */
  written(event: EventView, buffer: RecordBuffer, position: number, processingTime: number): boolean {
    const kind = this.bad.apply(event, buffer);
    // null first: `null === false` is a generic compare once both are in its feedback, on every record.
    if (kind !== null && kind === NO_ROOM) return false;
    this.key?.add(event.type, buffer.written(event.time), position, processingTime, markOf(event.layout), kind, this.revenue?.unitsOf(event) ?? 0);
    return true;
  }

  /** The answer key's version 2 parts, once every record is written (when asked for), with where the sink put the listed records. */
  finish(tally: FaultTally, places?: ReadonlyMap<number, RecordPlace>): AnswerKeyParts {
    if (this.key === null) throw new Error('no answer key was asked for');
    return this.key.finish(tally, places);
  }
}

/** Whether the answer key lists the record of `event` by its position: a duplicate or a bad record. */
export function isListed(event: EventView): boolean {
  return isListedMark(markOf(event.layout));
}

/** The kinds the scenario asks for, each one the output format can show; a UsageError names one it cannot. */
export function badKindsFor(plan: FaultPlan, format: string): readonly BadRecordKind[] {
  const possible = BAD_KINDS_BY_FORMAT[format];
  if (possible === undefined) {
    throw new UsageError('BAD_FLAG', `faults.bad_records: --format ${format} cannot be written broken; bad records work with ${Object.keys(BAD_KINDS_BY_FORMAT).join(', ')}`);
  }
  if (plan.badKinds === null) return possible;
  const impossible = impossibleKind(plan.badKinds, format);
  if (impossible !== null) throw new UsageError('BAD_FLAG', `faults.bad_records.kinds: ${impossible}`);
  return plan.badKinds;
}
