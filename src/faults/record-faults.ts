import type { EventView, OutputSchema } from '../engine/event.js';
import type { RecordBuffer } from '../encode/record-buffer.js';
import { RunError, UsageError } from '../errors.js';
import type { BadRecordKind } from '../scenario/schema.js';
import type { RecordPlace } from '../sinks/types.js';
import { AnswerKeyCollector, type AnswerKeyParts } from './answer-key.js';
import { BAD_KINDS_BY_FORMAT, breakRecord } from './bad-record.js';
import type { FaultStage } from './fault-stage.js';
import { markOf } from './marks.js';
import { badKindOf, type FaultPlan } from './plan.js';

/**
 * The writer's half of the faults: breaks the records marked bad right after they are
 * encoded, and keeps the answer key of every record written.
 */
export class RecordFaults {
  /** Null when no answer key is asked for: bad records are still broken. */
  private readonly key: AnswerKeyCollector | null;
  private readonly kinds: readonly BadRecordKind[];

  constructor(
    private readonly plan: FaultPlan,
    private readonly format: string,
    schema: OutputSchema,
    answerKey = true,
  ) {
    const revenue = plan.purchases?.revenue ?? null;
    this.key = answerKey ? new AnswerKeyCollector(plan, revenue === null ? null : schema.indexOf(revenue)) : null;
    this.kinds = plan.badShare > 0 ? badKindsFor(plan, format) : [];
  }

  /**
   * After `event` was added to `buffer` as record `position`: breaks it when it is marked
   * bad and counts it. False, having taken the record back out, when the broken record
   * does not fit (hand the batch on, then add the event again).
   */
  written(event: EventView, buffer: RecordBuffer, position: number, processingTime: number): boolean {
    const mark = markOf(event.layout);
    let kind: BadRecordKind | null = null;
    if (mark?.bad === true) {
      const broken = breakRecord(buffer.lastRecord(), this.format, badKindOf(this.plan, mark.session, mark.index, this.kinds));
      if (!buffer.replaceLast(broken.bytes)) {
        if (buffer.count === 0) throw new RunError('SINK_FAILED', 'a bad record does not fit in the batch buffer; give a larger batch');
        return false;
      }
      kind = broken.kind;
    }
    this.key?.add(event, buffer.written(event.time), position, processingTime, mark, kind);
    return true;
  }

  /** The answer key's version 2 parts, once every record is written (when asked for), with where the sink put the listed records. */
  finish(stage: FaultStage, places?: ReadonlyMap<number, RecordPlace>): AnswerKeyParts {
    if (this.key === null) throw new Error('no answer key was asked for');
    return this.key.finish(stage, places);
  }
}

/** Whether the answer key lists the record of `event` by its position: a duplicate or a bad record. */
export function isListed(event: EventView): boolean {
  const mark = markOf(event.layout);
  return mark !== undefined && (mark.duplicated || mark.bad);
}

/** The kinds the scenario asks for, each one the output format can show. */
function badKindsFor(plan: FaultPlan, format: string): readonly BadRecordKind[] {
  const possible = BAD_KINDS_BY_FORMAT[format];
  if (possible === undefined) {
    throw new UsageError('BAD_FLAG', `faults.bad_records: --format ${format} cannot be written broken; bad records work with ${Object.keys(BAD_KINDS_BY_FORMAT).join(', ')}`);
  }
  if (plan.badKinds === null) return possible;
  const impossible = plan.badKinds.find((kind) => !possible.includes(kind));
  if (impossible !== undefined) throw new UsageError('BAD_FLAG', `faults.bad_records.kinds: ${impossible} cannot happen in ${format}; ${format} records can be ${possible.join(', ')}`);
  return plan.badKinds;
}
