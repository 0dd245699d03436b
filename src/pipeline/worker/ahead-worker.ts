/**
 * The worker thread of an AheadPool (ahead-pool.ts): simulates and encodes real-time
 * runs a little ahead of the wall clock and posts their records, with when each is due,
 * to the thread that releases them. Its heap holds every open session of every run; the
 * releasing thread's heap stays small, so this thread's garbage collection never delays
 * a release. Runs share the thread's event loop: each yields while it waits for its
 * records to come due.
 */
import { parentPort } from 'node:worker_threads';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { clockAhead } from '../../clock/clock.js';
import { ReleaseGate } from '../../clock/release-gate.js';
import { createEncoder } from '../../encode/create-encoder.js';
import { RecordBuffer, writtenTimeStep } from '../../encode/record-buffer.js';
import type { Encoder } from '../../encode/types.js';
import type { Engine } from '../../engine/engine.js';
import type { EventView } from '../../engine/event.js';
import { ClickgenError } from '../../errors.js';
import { produce, runEvents, type Batcher } from '../produce.js';
import type { AheadBatch, AheadJob, AheadMessage, JobMessage } from './protocol.js';
import type { CompiledScenario } from '../../scenario/compile.js';
import { compileRecipe } from './scenario-recipe.js';
import { SseEncoder } from '../../encode/sse.js';

const port = parentPort!;
const post = (message: AheadMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

/** A job in progress: how much of it waits to be released, and how to stop it. */
interface Running {
  pending: number;
  /** Wakes the job when it waits for releases (or is stopped). */
  wake: (() => void) | null;
  readonly stop: AbortController;
}
const running = new Map<number, Running>();

port.on('message', (message: JobMessage) => {
  if (message.kind === 'start') {
    const state: Running = { pending: 0, wake: null, stop: new AbortController() };
    running.set(message.id, state);
    void simulate(message.id, message.job, state).then(
      () => post({ kind: 'end', id: message.id }),
      (error: unknown) => {
        const known = error instanceof ClickgenError;
        post({ kind: 'error', id: message.id, name: known ? error.name : 'Error', code: known ? error.code : null, message: (error as Error).message });
      },
    );
    return;
  }
  const state = running.get(message.id);
  if (state === undefined) return;
  if (message.kind === 'released') state.pending -= message.bytes;
  else state.stop.abort();
  state.wake?.();
});

/** Compiled scenarios by their id: streams of one scenario and seed share one. */
const compiled = new Map<number, CompiledScenario>();
const MAX_COMPILED = 16;

function scenarioOf(job: AheadJob): CompiledScenario {
  let scenario = compiled.get(job.scenarioId);
  if (scenario === undefined) {
    scenario = compileRecipe(job.scenario);
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    compiled.set(job.scenarioId, scenario);
  }
  return scenario;
}

async function simulate(id: number, job: AheadJob, state: Running): Promise<void> {
  const signal = state.stop.signal;
  try {
    const scenario = scenarioOf(job);
    const base = createEncoder(scenario.schema, job.encoder);
    const encoder: Encoder = job.sse ? new SseEncoder(base) : base;
    // A live run's first record is due a moment from now, not now: the worker then makes its
    // lead before the first records are due instead of catching up with them.
    const paced = { clock: clockAhead(job.startLeadMs), rate: job.rate, live: job.live, warmupEvents: job.warmupEvents };
    const made = await runEvents(scenario, { start: job.start, count: job.count, end: job.end, shard: job.shard }, paced, signal);
    // The gate of the releasing thread, moved `aheadMs` into the future.
    const gate = new ReleaseGate(clockAhead(job.aheadMs), job.tickMs);
    await produce(made, new AheadBatchBuilder(id, encoder, job, state, made.engine, writtenTimeStep(scenario.schema)), signal, gate);
  } finally {
    running.delete(id);
  }
}

/** The least a job may have pending: a whole batch, whatever its rate. */
const MIN_PENDING_BYTES = 1 << 20;

/** Records of one job with what the releasing thread needs of each, posted as AheadBatch messages. */
class AheadBatchBuilder implements Batcher {
  private readonly records: RecordBuffer;
  private readonly dues: Float64Array;
  private readonly types: Int32Array;
  private readonly sessions: Uint32Array;
  private readonly users: Uint32Array;
  private readonly late: Uint8Array;
  private names: [number, string][] = [];
  private readonly named = new Set<number>();
  /** Records and bytes posted so far. */
  private made = 0;
  private madeBytes = 0;

  constructor(
    private readonly id: number,
    encoder: Encoder,
    private readonly job: AheadJob,
    private readonly state: Running,
    /** Its session and user counts go with each record. */
    private readonly engine: Engine,
    timeStep: number,
  ) {
    this.records = new RecordBuffer(encoder, job.batchBytes, job.batchRecords, timeStep);
    this.dues = new Float64Array(job.batchRecords);
    this.types = new Int32Array(job.batchRecords);
    this.sessions = new Uint32Array(job.batchRecords);
    this.users = new Uint32Array(job.batchRecords);
    this.late = new Uint8Array(job.batchRecords);
  }

  get full(): boolean {
    return this.records.full;
  }

  /**
   * Bytes made and not yet released beyond which the job waits: its lead at its rate
   * (records are made `aheadMs` early) and a quarter more, so a reader slower than the
   * rate holds up the making instead of memory growing. Without a rate, the job's fixed limit.
   */
  private pendingLimit(): number {
    const { rate, aheadMs, maxPendingBytes } = this.job;
    if (rate === undefined || this.made === 0) return maxPendingBytes;
    const recordBytes = this.madeBytes / this.made;
    return Math.min(maxPendingBytes, Math.max(MIN_PENDING_BYTES, 1.25 * rate * (aheadMs / 1000) * recordBytes));
  }

  get count(): number {
    return this.records.count;
  }

  /** Adds an event: its record, when it is due, and the run's session and user counts after it. */
  add(event: EventView, due: number, late: boolean): boolean {
    if (!this.records.add(event)) return false;
    const i = this.records.count - 1;
    this.dues[i] = due;
    const type = event.type.index;
    this.types[i] = type;
    if (!this.named.has(type)) {
      this.named.add(type);
      this.names.push([type, event.type.text]);
    }
    this.sessions[i] = this.engine.stats.sessions;
    this.users[i] = this.engine.stats.users.size;
    this.late[i] = late ? 1 : 0;
    return true;
  }

  hasRoom(): boolean {
    return this.state.pending <= this.pendingLimit();
  }

  /** Waits for releases (posted by the releasing thread) while too much waits to be released. */
  async waitForRoom(signal: AbortSignal): Promise<void> {
    while (!this.hasRoom() && !signal.aborted) {
      await new Promise<void>((resolve) => (this.state.wake = resolve));
      this.state.wake = null;
    }
  }

  /** Posts the records so far; then other runs in this thread get their turn (one may be a backfill at full speed). */
  async flush(): Promise<void> {
    this.send();
    await yieldToEventLoop();
  }

  /** Posts the records so far (the buffers move to the releasing thread). */
  private send(): void {
    const count = this.records.count;
    if (count === 0) return;
    const encoded = this.records.take();
    // Its buffers move to the other thread.
    this.records.settle(Infinity);
    const batch: AheadBatch = {
      kind: 'batch',
      id: this.id,
      ...encoded,
      dues: this.dues.slice(0, count),
      types: this.types.slice(0, count),
      sessions: this.sessions.slice(0, count),
      users: this.users.slice(0, count),
      late: this.late.slice(0, count),
      names: this.names,
    };
    this.names = [];
    this.state.pending += encoded.bytes.length;
    this.made += count;
    this.madeBytes += encoded.ends[count - 1];
    const moved = [encoded.bytes, encoded.ends, encoded.times, batch.dues, batch.types, batch.sessions, batch.users, batch.late].map((array) => array.buffer as ArrayBuffer);
    post(batch, moved);
  }
}
