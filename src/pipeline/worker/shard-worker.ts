/**
 * A worker of `--workers`: simulates and encodes one shard of a run (src/engine/shards.ts)
 * and posts its records, with the keys the main thread merges them by, a few batches ahead
 * of the merge.
 */
import { parentPort } from 'node:worker_threads';
import { clockAhead } from '../../clock/clock.js';
import { ReleaseGate } from '../../clock/release-gate.js';
import { eventToObject } from '../../encode/event-object.js';
import { RecordBuffer, writtenTimeStep } from '../../encode/record-buffer.js';
import type { EventView, OutputSchema } from '../../engine/event.js';
import type { Experiments } from '../../engine/experiments.js';
import { ClickgenError } from '../../errors.js';
import { planDrift, runEncoder } from '../../faults/drift-run.js';
import { versionAt } from '../../faults/drift-versions.js';
import { armTotalsOf, armTotalsWidth, writeArmTotals } from '../../faults/arm-totals.js';
import { markOf } from '../../faults/marks.js';
import { BadRecords, NO_ROOM } from '../../faults/record-faults.js';
import { PurchaseRevenue } from '../../faults/revenue.js';
import { produce, runEvents, type Batcher, type RunEvents } from '../produce.js';
import { keyRenderer } from '../record-keys.js';
import { Tally } from '../run-summary.js';
import { MARK_BAD, MARK_COPY, MARK_DUPLICATED, type FaultMarks, type ShardBatch, type ShardControl, type ShardFaultTally, type ShardJob, type ShardMessage } from './protocol.js';
import { compileRecipe } from './scenario-recipe.js';

const port = parentPort!;
const post = (message: ShardMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

let pending = 0;
let wake: (() => void) | null = null;
/** Where merged batches' buffers go back to be encoded into again. */
let records: RecordBuffer | null = null;

/** Set when the merging thread says go: when the live run starts on the wall clock, the same for every worker. */
let liveStart = NaN;
let go: () => void = () => undefined;
const gone = new Promise<void>((resolve) => (go = resolve));

port.on('message', (message: ShardControl) => {
  if (message.kind === 'merged') {
    records?.recycle(message.records);
    pending--;
    wake?.();
    return;
  }
  if (message.kind === 'go') {
    liveStart = message.at;
    go();
    return;
  }
  run(message.job).then(
    ({ faults, arms }) => post({ kind: 'end', faults, arms }),
    (error: unknown) => {
      const known = error instanceof ClickgenError;
      post({ kind: 'error', name: known ? error.name : 'Error', code: known ? error.code : null, message: (error as Error).message });
    },
  );
});

/**
 * Runs the shard; with faults, returns what its fault stage dropped and counted before
 * delivery, and with `armTotals` its experiments' counts.
 */
async function run(job: ShardJob): Promise<{ faults: ShardFaultTally | undefined; arms: number[] | undefined }> {
  const scenario = compileRecipe(job.scenario);
  // Drift was checked where the run started: here it is planned again, the same from the same scenario and times.
  const drift = planDrift(scenario, job.start, job.end, job.scenario.name);
  const encoder = runEncoder(scenario, job.encoder, drift);
  const pace = job.realtime;
  // A live run's first record is due a moment from now, not now: the worker makes its lead
  // before the first records are due instead of catching up with them (as ahead-worker.ts).
  const paced = pace === undefined ? undefined : { clock: clockAhead(pace.startLeadMs), rate: pace.rate, live: pace.live, warmupEvents: pace.warmupEvents, liveStart: () => liveStart };
  // Each event's fate is a hash of its seed, session and index: the shard's faults are the whole run's on its users.
  const made = await runEvents(scenario, { start: job.start, count: job.count, end: job.end, shard: job.shard }, paced, undefined, scenario.faults);
  // A live run is anchored to the clock when its history is spent: the workers, whose
  // histories take different times, wait for each other and share one anchor.
  if (pace?.live === true) {
    post({ kind: 'ready' });
    await gone;
  }
  // Paced, records are made `aheadMs` before the merging thread releases them.
  const gate = pace === undefined ? undefined : new ReleaseGate(clockAhead(pace.aheadMs), pace.tickMs);
  const bad = scenario.faults === null ? null : new BadRecords(scenario.faults, encoder.format);
  const driftTimes = drift === null ? null : drift.versions.map((v) => v.at);
  const revenue = scenario.faults === null ? null : PurchaseRevenue.of(scenario.faults, scenario.schema);
  const experiments = job.armTotals ? made.engine.experiments : null;
  await produce(made, new ShardBatcher(encoder, job, made, scenario.schema, bad, driftTimes, revenue, experiments), undefined, gate);
  const stage = made.faults;
  const faults = stage === null ? undefined : { dropped: stage.dropped, sessionsStarted: [...stage.sessionsStarted] };
  return { faults, arms: experiments === null ? undefined : armTotalsOf(experiments) };
}

/** Records of the shard with their merge keys, posted as ShardBatch messages. */
class ShardBatcher implements Batcher {
  private readonly records: RecordBuffer;
  private readonly received: Float64Array;
  private readonly dues: Float64Array;
  private readonly sessions: Float64Array;
  private readonly types: Int32Array;
  private readonly late: Uint8Array;
  private readonly sessionCounts: Uint32Array;
  private readonly userCounts: Uint32Array;
  private readonly tally = new Tally();
  private names: [number, string][] = [];
  /** The event types named to the merge so far, by Sym index (an array: looked up for every record). */
  private readonly named: boolean[] = [];
  private readonly renderKey: ((event: EventView) => string | null) | null;
  private keys: (string | null)[] = [];
  private objects: Record<string, unknown>[] = [];
  private marks: FaultMarks | undefined;
  private readonly driftVersions: Uint8Array;
  /** With purchases' revenue in the answer key: what each record adds, for the merging thread. */
  private readonly revenues: Float64Array;
  /** With experiments in the answer key: per record, the row of their counts before it; and a row's width. */
  private readonly armRows: Uint32Array;
  private readonly armWidth: number;
  /** Set by idleUntil, posted after the batch in hand. */
  private until: number | null = null;

  constructor(
    encoder: ConstructorParameters<typeof RecordBuffer>[0],
    private readonly job: ShardJob,
    private readonly made: RunEvents,
    private readonly schema: OutputSchema,
    private readonly bad: BadRecords | null,
    /** With drift, when each drifted shape starts (event time). */
    private readonly driftTimes: readonly number[] | null,
    private readonly revenue: PurchaseRevenue | null,
    private readonly experiments: Experiments | null,
  ) {
    this.armWidth = experiments === null ? 0 : armTotalsWidth(experiments.definitions);
    this.armRows = new Uint32Array(this.armWidth * job.batchRecords);
    this.driftVersions = new Uint8Array(driftTimes === null ? 0 : job.batchRecords);
    this.marks = bad === null ? undefined : noMarks();
    this.revenues = new Float64Array(revenue === null ? 0 : job.batchRecords);
    this.records = records = new RecordBuffer(encoder, job.batchBytes, job.batchRecords, writtenTimeStep(schema));
    this.renderKey = keyRenderer(job.keys, schema);
    this.received = new Float64Array(job.batchRecords);
    this.dues = new Float64Array(job.realtime === undefined ? 0 : job.batchRecords);
    this.sessions = new Float64Array(job.batchRecords);
    this.types = new Int32Array(job.batchRecords);
    this.late = new Uint8Array(job.batchRecords);
    this.sessionCounts = new Uint32Array(job.batchRecords);
    this.userCounts = new Uint32Array(job.batchRecords);
  }

  get count(): number {
    return this.records.count;
  }

  get full(): boolean {
    return this.records.full;
  }

  add(event: EventView, due: number, late: boolean): boolean {
    if (!this.records.add(event)) return false;
    const i = this.records.count - 1;
    // Most records carry no fault mark: they skip the call (as the single-thread run does).
    if (this.bad !== null && markOf(event.layout) !== undefined && !this.mark(event, i)) return false;
    if (this.dues.length > 0) this.dues[i] = due;
    const delivery = this.made.delivery;
    this.received[i] = delivery === null ? event.time : delivery.processingTime;
    this.sessions[i] = event.session;
    const type = event.type.index;
    this.types[i] = type;
    if (this.named[type] !== true) {
      this.named[type] = true;
      this.names.push([type, event.type.text]);
    }
    this.late[i] = late ? 1 : 0;
    this.tally.add(type, this.records.written(event.time), late);
    if (this.driftTimes !== null) this.driftVersions[i] = versionAt(this.driftTimes, event.time);
    if (this.revenue !== null) this.revenues[i] = this.revenue.unitsOf(event);
    if (this.experiments !== null) writeArmTotals(this.experiments, this.armRows, i * this.armWidth);
    this.sessionCounts[i] = this.made.engine.stats.sessions;
    this.userCounts[i] = this.made.engine.stats.users.size;
    if (this.renderKey !== null) this.keys.push(this.renderKey(event));
    if (this.job.objects) this.objects.push(eventToObject(event, this.schema));
    return true;
  }

  /** Breaks record `i` when it is marked bad and lists its mark; false, having taken it back out, when the broken record does not fit. */
  private mark(event: EventView, i: number): boolean {
    const kind = this.bad!.apply(event, this.records);
    // null first: `null === false` is a generic compare once both are in its feedback, on every record.
    if (kind !== null && kind === NO_ROOM) return false;
    const mark = markOf(event.layout);
    if (mark === undefined) return true;
    const marks = this.marks!;
    marks.at.push(i);
    marks.sessions.push(mark.session);
    marks.indexes.push(mark.index);
    marks.flags.push((mark.duplicated ? MARK_DUPLICATED : 0) | (mark.copy ? MARK_COPY : 0) | (mark.bad ? MARK_BAD : 0));
    marks.kinds.push(kind);
    return true;
  }

  /** Said after the records before it are posted: the merge may release up to `due` without this worker. */
  idleUntil(due: number): void {
    this.until = due;
  }

  flush(): Promise<void> {
    this.send();
    if (this.until !== null) post({ kind: 'until', due: this.until });
    this.until = null;
    return Promise.resolve();
  }

  private send(): void {
    const count = this.records.count;
    if (count === 0) return;
    const encoded = this.records.take();
    // Its buffers move to the main thread.
    this.records.settle(Infinity);
    const batch: ShardBatch = {
      kind: 'batch',
      ...encoded,
      received: this.received.slice(0, count),
      dues: this.dues.length === 0 ? undefined : this.dues.slice(0, count),
      sessions: this.sessions.slice(0, count),
      types: this.types.slice(0, count),
      late: this.late.slice(0, count),
      sessionCounts: this.sessionCounts.slice(0, count),
      userCounts: this.userCounts.slice(0, count),
      names: this.names,
      tally: this.tally.take(),
      keys: this.renderKey === null ? undefined : this.keys,
      objects: this.job.objects ? this.objects : undefined,
      marks: this.marks,
      driftVersions: this.driftTimes === null ? undefined : this.driftVersions.slice(0, count),
      revenues: this.revenue === null ? undefined : this.revenues.slice(0, count),
      armTotals: this.experiments === null ? undefined : this.armRows.slice(0, count * this.armWidth),
    };
    if (this.marks !== undefined) this.marks = noMarks();
    this.names = [];
    this.keys = [];
    this.objects = [];
    pending++;
    const moved = [encoded.bytes, encoded.ends, encoded.times, batch.received, batch.sessions, batch.types, batch.late, batch.sessionCounts, batch.userCounts];
    const optional = [batch.dues, batch.driftVersions, batch.revenues, batch.armTotals].filter((array) => array !== undefined);
    post(batch, [...moved, ...optional].map((array) => array.buffer as ArrayBuffer));
  }

  hasRoom(): boolean {
    return pending < this.job.maxPendingBatches;
  }

  async waitForRoom(): Promise<void> {
    while (!this.hasRoom()) {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  }
}

function noMarks(): FaultMarks {
  return { at: [], sessions: [], indexes: [], flags: [], kinds: [] };
}
