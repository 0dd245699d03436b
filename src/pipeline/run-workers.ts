import { systemClock } from '../clock/clock.js';
import { ReleaseGate } from '../clock/release-gate.js';
import type { EncoderOptions } from '../encode/create-encoder.js';
import type { Encoder } from '../encode/types.js';
import type { Sym } from '../engine/sym.js';
import { RecordBuffer } from '../encode/record-buffer.js';
import type { DriftKey } from '../faults/drift-key.js';
import type { CompiledScenario } from '../scenario/compile.js';
import type { Shard } from '../engine/shards.js';
import type { Sink } from '../sinks/types.js';
import { deliver } from './deliver.js';
import { recordKeysOf } from './record-keys.js';
import { MAKE_TICK_MS, RELEASE_TICK_MS, START_LEAD_MS } from './run-ahead.js';
import { SummaryCollector, type RunSummary } from './run-summary.js';
import type { ShardBatch } from './worker/protocol.js';
import { comesBefore, ShardFeed, Waker } from './worker/shard-feed.js';
import { WorkersAnswerKey } from './workers-answer-key.js';
import { addRows } from '../faults/arm-totals.js';
import { keysChanges, TimelineKey } from '../faults/timeline-key.js';
import { sharedOffset } from './pacing/live-anchor.js';
import { scenarioRecipe } from './worker/scenario-recipe.js';
import { startPipelineWorker } from './worker/start-worker.js';
import { lowerOtherThreads } from './worker/thread-priority.js';

export interface WorkersRunOptions {
  readonly compiled: CompiledScenario;
  readonly encoderOptions: EncoderOptions;
  /** The same encoder, built here: for the header. */
  readonly encoder: Encoder;
  /** Any sink but a columnar one (whose rows are built in the thread that writes them). */
  readonly sink: Sink;
  readonly workers: number;
  /** Run only this shard of the run: its users are split again among the workers. */
  readonly shard?: Shard;
  readonly start: number;
  readonly count?: number;
  readonly end?: number;
  /** Real time: each worker paces its users, and this thread releases each record when due. */
  readonly realtime?: WorkersRealtime;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { events: number; eventTime: number }) => void;
  /** With schema drift: where each shape first appears, from the shape each worker wrote each record in. */
  readonly drift?: DriftKey;
  /** Whether the summary gets the answer key's timeline and experiment parts (default true). */
  readonly answerKey?: boolean;
  /** At most this many records per batch, in the workers and merged (default 16,384): small ones to test where a merge may stop. */
  readonly batchRecords?: number;
}

export interface WorkersRealtime {
  /** Events per second of this run (of this shard, with a shard); each worker holds its share. */
  readonly rate?: number;
  readonly live: boolean;
  readonly warmupEvents?: number;
  /** How far ahead of when they are due the workers make records, ms. */
  readonly aheadMs: number;
  /** Each worker's young generation, MB (see AheadPoolOptions). */
  readonly youngGenerationMb: number;
}

const BATCH_BYTES = 1 << 20;
const BATCH_RECORDS = 16_384;
/** Batches a worker may have posted and not yet merged: enough to keep it busy while the main thread merges. */
const MAX_PENDING_BATCHES = 4;

/**
 * A run in `workers` worker threads, each simulating and encoding one shard (shard k of
 * `workers`, src/engine/shards.ts), merged here into the order the run in one thread writes:
 * by when an event is received (its processing time with late delivery, else its time), then
 * its event time, then its session number, which is the order the engine and late delivery
 * emit in. The output is the same bytes as with one thread; with a count, the merge stops at
 * the run's first `count` events (each shard makes at most that many of its own).
 *
 * In real time each worker paces its own users, made up to `aheadMs` before they are due,
 * and the merge goes by due time first: a record is released when it is due and no worker
 * can still post one due earlier (each says up to when it has nothing, see `idleUntil`). A
 * rate is split evenly: each worker's schedule holds its share exactly, so together they hold
 * the rate. Every user is in one worker, whose records keep their order: each key's order holds.
 */
export async function runWorkers(options: WorkersRunOptions): Promise<RunSummary> {
  const { sink, signal, compiled, realtime } = options;
  const summary = new SummaryCollector();
  const types: Sym[] = [];
  const count = options.count ?? Infinity;
  const scenario = scenarioRecipe(compiled);
  const recordKeys = recordKeysOf(sink);
  const wantsObjects = sink.wantsObjects === true;
  const whole = options.shard ?? { index: 0, count: 1 };
  const waker = new Waker();
  const key = compiled.faults === null ? null : new WorkersAnswerKey(compiled.faults);
  // The arms of the experiments are counted by the workers' engines.
  const experiments = options.answerKey !== false ? compiled.experiments : null;
  const feeds = Array.from({ length: options.workers }, (_, worker) => {
    const thread = startPipelineWorker('shard-worker', realtime === undefined ? undefined : { maxYoungGenerationSizeMb: realtime.youngGenerationMb });
    return new ShardFeed(thread, waker, types, {
      scenario,
      encoder: options.encoderOptions,
      start: options.start,
      count: options.count,
      end: options.end,
      // Shard k of N owns the lanes whose number mod N is k; worker w of W takes those whose
      // number mod N·W is k + N·w, since (l mod N·W) mod N = l mod N: the workers split shard k exactly.
      shard: { index: whole.index + whole.count * worker, count: whole.count * options.workers },
      keys: recordKeys,
      objects: wantsObjects,
      batchBytes: BATCH_BYTES,
      batchRecords: options.batchRecords ?? BATCH_RECORDS,
      // Paced, a worker posts a batch per wake-up: as many as fit in its lead.
      maxPendingBatches: realtime === undefined ? MAX_PENDING_BATCHES : Math.ceil(realtime.aheadMs / MAKE_TICK_MS) * 2,
      realtime:
        realtime === undefined
          ? undefined
          : { rate: realtime.rate === undefined ? undefined : realtime.rate / options.workers, live: realtime.live, warmupEvents: realtime.warmupEvents, aheadMs: realtime.aheadMs, startLeadMs: START_LEAD_MS, tickMs: MAKE_TICK_MS },
      armTotals: experiments !== null,
    });
  });
  // The records in each timeline window are counted here as they are merged; the arms are the
  // workers' added up, over the records of each that were merged.
  let liveShift = 0;
  const changes = options.answerKey === false || !keysChanges(compiled) ? null : new TimelineKey(compiled, options.start, experiments === null ? null : { definitions: experiments, totals: () => addRows(experiments, feeds.map((feed) => feed.armsMerged(true) ?? [])) }, () => liveShift);
  // Paced, this thread releases records on time while the workers and their collectors give way.
  if (realtime !== undefined) void Promise.all(feeds.map((feed) => feed.online)).then(() => lowerOtherThreads());
  const gate = realtime === undefined ? null : new ReleaseGate(systemClock, RELEASE_TICK_MS);
  const out = new RecordBuffer(options.encoder, BATCH_BYTES, options.batchRecords ?? BATCH_RECORDS);
  let keys: (string | null)[] = [];
  let objects: Record<string, unknown>[] = [];
  // Records of the merged batch the answer key lists, when the sink can say where they land (Kafka partition and offset).
  const placing = key !== null && sink.placements !== undefined;
  let placed: number[] = [];
  const stopped = (): boolean => signal?.aborted === true;
  // Only live workers wait to be started.
  let started = realtime?.live !== true;
  const flush = async (): Promise<void> => {
    if (out.count === 0) return;
    await sink.write({ ...out.take(), keys: recordKeys === undefined ? undefined : keys, objects: wantsObjects ? objects : undefined, placed: placing ? placed : undefined });
    // The sink may hold the batch while it writes; the buffers it let go of are copied into again.
    out.settle(sink.held?.() ?? Infinity);
    keys = [];
    objects = [];
    placed = [];
    options.onProgress?.({ events: summary.count, eventTime: summary.lastTime });
  };

  /**
   * Copies records `from` to `to` of a batch, all of them before any other worker's next
   * record, as far as the merged batch has room, and counts them; returns where it stopped.
   * Not async: runs are a record or two long on average, and a promise each would cost more than the copy.
   */
  const copy = (batch: ShardBatch, from: number, to: number): number => {
    const base = out.count;
    const copied = out.copy(batch, from, to);
    // Each record's place in the output: the answer key's positions, where a drifted shape first appears.
    if (key !== null) {
      for (let i = from; i < copied; i++) if (key.add(batch, i, types[batch.types[i]], summary.count + i - from) && placing) placed.push(base + i - from);
    }
    if (changes !== null) for (let i = from; i < copied; i++) changes.add(types[batch.types[i]], batch.times[i]);
    if (batch.driftVersions !== undefined && options.drift !== undefined) for (let i = from; i < copied; i++) options.drift.writtenAs(batch.driftVersions[i], summary.count + i - from);
    for (let i = from; i < copied; i++) summary.order(batch.times[i]);
    if (batch.keys !== undefined) for (let i = from; i < copied; i++) keys.push(batch.keys[i]);
    if (batch.objects !== undefined) for (let i = from; i < copied; i++) objects.push(batch.objects[i]);
    // Counted by its worker once it is merged whole; a batch the run stops in is counted record by record below.
    if (copied === batch.count) summary.addTally(batch.tally, types);
    return copied;
  };

  /** Whether every feed but `lead` has ended or (paced) has nothing to post due before `due`. */
  const othersSettled = (lead: ShardFeed, due: number): boolean => {
    for (let f = 0; f < feeds.length; f++) if (feeds[f] !== lead && !feeds[f].settled(due)) return false;
    return true;
  };

  /**
   * Where the run of `lead`'s records that go before every other feed's next record (`second`
   * the first of those) ends, from record `from` (which goes) up to `limit`. Paced, only
   * records due now go.
   */
  const runEnd = (lead: ShardFeed, from: number, limit: number, second: ShardFeed | null): number => {
    const batch = lead.batch!;
    let to = from + 1;
    if (gate === null && second !== null) {
      // The common case, record by record: the loop the whole merge's cost is in.
      const other = second.batch!;
      const at = second.position;
      while (to < limit && comesBefore(batch, to, other, at)) to++;
      return to;
    }
    for (; to < limit; to++) {
      const due = lead.due(to);
      if (gate !== null && !gate.isDue(due)) break;
      if (second !== null ? !comesBefore(batch, to, second.batch!, second.position) : !othersSettled(lead, due)) break;
    }
    return to;
  };

  try {
    const ended = await deliver(sink, { header: options.encoder.header(), format: options.encoder.format }, async () => {
      while (summary.count < count && !stopped()) {
        // The feed whose next record comes first in the single run's order (by due time when
        // paced), and the feed whose next record comes after it.
        let next: ShardFeed | null = null;
        let second: ShardFeed | null = null;
        for (let f = 0; f < feeds.length; f++) {
          const feed = feeds[f];
          if (feed.batch === null) continue;
          if (next === null || feed.before(next)) {
            second = next;
            next = feed;
          } else if (second === null || feed.before(second)) {
            second = feed;
          }
        }
        if (next === null && feeds.every((feed) => feed.ended)) break;
        const due = next === null || gate === null ? Infinity : next.due();
        // A worker with nothing posted may still post a record that comes first: wait for it.
        if (next === null || !othersSettled(next, due)) {
          await flush();
          await waker.wait(signal);
          for (const feed of feeds) feed.fill();
          // Live: once every worker has spent its history, all start at once (one anchor).
          if (!started && feeds.every((feed) => feed.ready || feed.ended)) {
            started = true;
            // A moment ahead, for the workers to make their lead before the first records are due.
            const at = Math.floor(systemClock.now()) + START_LEAD_MS;
            for (const feed of feeds) feed.go(at);
            // Every worker's times move as far: the timeline's windows with them.
            liveShift = sharedOffset({ start: options.start, wall: () => at });
          }
          continue;
        }
        if (gate !== null && !gate.isDue(due)) {
          await flush();
          await gate.waitFor(due, signal);
          if (stopped()) break;
        }
        // The records of this feed that come before every other feed's next one go as one run:
        // one copy of their bytes and no choice of feed per record.
        const batch = next.batch!;
        const from = next.position;
        const limit = Math.min(batch.count, from + (count - summary.count));
        const to = runEnd(next, from, limit, second);
        for (let at = copy(batch, from, to); ; at = copy(batch, at, to)) {
          if (out.full || at < to) await flush();
          if (at === to) break;
        }
        next.mergedUpTo(to);
      }
      await flush();
      return stopped() ? 'signal' : 'complete';
    });
    // A batch the run stopped in (a count, a signal) is counted up to where it was merged.
    for (const feed of feeds) {
      const batch = feed.batch;
      if (batch !== null) for (let i = 0; i < feed.position; i++) summary.tallyOne(types[batch.types[i]], batch.times[i], batch.late[i] === 1);
    }
    // Shards own disjoint users: the run's counts are the sums of each shard's counts at its last record written.
    const counts = feeds.reduce((sum, feed) => ({ sessions: sum.sessions + feed.sessions, users: sum.users + feed.users }), { sessions: 0, users: 0 });
    const result = summary.finish(compiled.name, compiled.seed, counts, sink.stats(), ended, options.start, options.shard);
    const keyed = key === null ? result : { ...result, ...key.finish(feeds.map((feed) => feed.faults), sink.placements?.()) };
    // A worker whose last batch was merged whole tells what its last record counted with its next message.
    while (experiments !== null && !stopped() && feeds.some((feed) => feed.armsMerged(false) === null)) {
      await waker.wait(signal);
      for (const feed of feeds) feed.fill();
    }
    const withChanges = changes === null ? keyed : { ...keyed, ...changes.finish() };
    return options.drift === undefined ? withChanges : { ...withChanges, drift: options.drift.finish() };
  } finally {
    await Promise.all(feeds.map((feed) => feed.close()));
  }
}
