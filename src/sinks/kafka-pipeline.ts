/**
 * The Kafka sink's produce requests from the moment they are built until every record in them
 * is counted delivered or failed.
 *
 * Up to `maxInFlight` requests are on the wire at once, so the sink encodes the next request
 * while the broker writes the previous ones. Idempotent sequence numbers are given when a
 * batch is built. A broker that knows nothing of the producer on a partition yet accepts any
 * sequence number, so a partition has one batch on the wire until its first is acknowledged
 * (a new topic's partitions can refuse the first request while accepting the next). When a request fails with a retriable error, new requests wait: the ones on
 * the wire finish, then every unacknowledged batch is sent again, oldest first, one request
 * at a time, with the SAME bytes and sequence numbers, so the broker keeps order and drops a
 * batch it already has (it remembers the last five per partition, hence at most five in
 * flight). After a broker restart it remembers only the last, so an older batch it has
 * written is called out of sequence instead: the broker is then asked how far it has written
 * and what it has counts as delivered. If that does not end at one of our batches (the broker
 * lost track of the producer), the producer asks for a new id and the unacknowledged batches
 * are re-stamped from sequence 0: a batch written without its acknowledgement arriving would
 * then be written a second time (docs/kafka.md).
 */
import { RunError } from '../errors.js';
import { KafkaSendError, type EncodedBatch, type KafkaConnection } from './kafka-connection.js';
import { advanceSequence, lastSequenceOf, NO_PRODUCER, stampProducer, type ProducerStamp } from './kafka-record-batch.js';
import type { SinkStats } from './types.js';

const RETRY_BACKOFF_MAX_MS = 2_000;

interface Flight {
  /** Batches not acknowledged yet, at most one per partition. */
  batches: EncodedBatch[];
  /** When it was first sent: `delivery_timeout` counts from here. */
  sentAt: number | undefined;
  /** The attempt under way, if any. */
  sending: Promise<void> | undefined;
  /** Why the last attempt failed, when it failed in a way a retry can fix. */
  failure: string | undefined;
  readonly settled: Promise<void>;
  readonly settle: () => void;
}

export interface PipelineOptions {
  readonly description: string;
  readonly maxInFlight: number;
  readonly deliveryTimeoutMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

export class ProducePipeline {
  /** Requests not finished yet, oldest first. */
  private readonly flights: Flight[] = [];
  /** The next base sequence number per partition. */
  private sequences: number[] = [];
  /** Partitions with a batch acknowledged under the current producer id: the broker checks their sequence numbers. */
  private confirmed: boolean[] = [];
  /** Set while failed requests are being resent; new requests wait for it. */
  private recovery: Promise<void> | undefined;
  private failedForGood: RunError | undefined;
  private stopped = false;

  constructor(
    private readonly connection: KafkaConnection,
    private readonly counts: SinkStats,
    private readonly options: PipelineOptions,
  ) {}

  /** A failure retrying cannot fix, or a batch still failing after `delivery_timeout`. */
  get fatal(): RunError | undefined {
    return this.failedForGood;
  }

  /** Producer id, epoch and base sequence for the next batch of `partition`; advances the sequence. */
  stampFor(partition: number, records: number): ProducerStamp {
    const producer = this.connection.producer;
    if (producer === undefined) return NO_PRODUCER;
    const baseSequence = this.sequences[partition] ?? 0;
    this.sequences[partition] = advanceSequence(baseSequence, records);
    return { ...producer, baseSequence };
  }

  /** True while another request may be launched, besides `reserved` ones on their way (being compressed). */
  hasRoom(reserved = 0): boolean {
    return this.flights.length + reserved < this.options.maxInFlight;
  }

  /** Resolves when some request finishes. */
  async finishing(): Promise<void> {
    await Promise.race(this.flights.map((flight) => flight.settled));
  }

  /** Takes the batches of one request (at most one per partition, stamped by `stampFor`). */
  launch(batches: EncodedBatch[]): void {
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const flight: Flight = { batches, sentAt: undefined, sending: undefined, failure: undefined, settled, settle };
    this.flights.push(flight);
    this.sendWaiting();
  }

  /** Resolves when every request has finished. */
  async drain(): Promise<void> {
    while (this.flights.length > 0 || this.recovery !== undefined) {
      await Promise.all(this.flights.map((flight) => flight.settled));
      await this.recovery;
    }
  }

  /** Sends nothing more; what is not acknowledged yet ends as failed. */
  stop(): void {
    this.stopped = true;
  }

  /** Sends the flights not sent yet, in order, as far as no unconfirmed partition would have two on the wire. */
  private sendWaiting(): void {
    if (this.recovery !== undefined) return;
    // A copy: a flight sent after a fatal failure leaves the list at once.
    for (const flight of [...this.flights]) {
      if (flight.sending !== undefined || flight.sentAt !== undefined) continue;
      if (!flight.batches.every((batch) => this.confirmed[batch.partition] || !this.onTheWire(batch.partition))) return;
      this.send(flight);
    }
  }

  private onTheWire(partition: number): boolean {
    return this.flights.some((flight) => flight.sending !== undefined && flight.batches.some((batch) => batch.partition === partition));
  }

  private send(flight: Flight): void {
    flight.sending = this.attempt(flight).then(() => {
      flight.sending = undefined;
      if (flight.batches.length > 0) this.recovery ??= this.recover();
      else this.sendWaiting();
    });
  }

  /** Sends the flight's batches once; resolves with the partitions whose sequence numbers the broker did not expect. */
  private async attempt(flight: Flight): Promise<number[]> {
    if (this.failedForGood || this.stopped) {
      this.retire(flight);
      return [];
    }
    flight.sentAt ??= performance.now();
    const batches = flight.batches;
    const outcomes = await this.connection.produce(batches);
    const rest: EncodedBatch[] = [];
    const outOfSequence: number[] = [];
    outcomes.forEach((outcome, i) => {
      const batch = batches[i];
      if (outcome.ok) {
        batch.written?.(outcome.baseOffset);
        this.confirmed[batch.partition] = true;
        this.counts.delivered += batch.records;
        this.counts.bytes += batch.valueBytes;
      } else if (!outcome.retriable) {
        this.counts.failed += batch.records;
        this.failedForGood ??= new RunError('SINK_FAILED', `${this.options.description}: ${batch.records} records failed: ${outcome.reason}`, false);
      } else {
        rest.push(batch);
        flight.failure = outcome.reason;
        if (outcome.sequence) outOfSequence.push(batch.partition);
      }
    });
    flight.batches = rest;
    if (rest.length === 0 || this.failedForGood || this.stopped) this.retire(flight);
    return outOfSequence;
  }

  /**
   * Waits for the requests on the wire, then resends every unfinished request in order, one
   * at a time, until each is acknowledged or failed for good. Requests launched meanwhile wait
   * and go out together at the end.
   */
  private async recover(): Promise<void> {
    await Promise.all(this.flights.flatMap((flight) => flight.sending ?? []));
    for (const flight of [...this.flights]) await this.resend(flight);
    // In one synchronous step: later launches send themselves, earlier ones are sent here.
    this.recovery = undefined;
    this.sendWaiting();
  }

  private async resend(flight: Flight): Promise<void> {
    let renew = false;
    for (let attempt = 0; flight.batches.length > 0; attempt++) {
      if (this.failedForGood || this.stopped) {
        this.retire(flight);
        return;
      }
      if (flight.failure !== undefined) {
        const elapsed = performance.now() - (flight.sentAt ?? 0);
        if (elapsed >= this.options.deliveryTimeoutMs) {
          const records = flight.batches.reduce((sum, batch) => sum + batch.records, 0);
          const why = `still failing after ${Math.round(elapsed / 1000)} s (delivery_timeout=${this.options.deliveryTimeoutMs})`;
          this.failedForGood ??= new RunError('SINK_FAILED', `${this.options.description}: ${records} records ${why}: ${flight.failure}`, true);
          this.retire(flight);
          return;
        }
        this.counts.retries++;
        await this.options.sleep(Math.min(RETRY_BACKOFF_MAX_MS, 100 * 2 ** attempt, this.options.deliveryTimeoutMs - elapsed));
      }
      if (renew && !(await this.renewProducer(flight))) continue;
      const outOfSequence = await this.attempt(flight);
      // This flight is the oldest unfinished one: every earlier batch of its partitions is
      // acknowledged, so a sequence complaint now means the broker has written further than
      // it acknowledged, or has lost track of the producer.
      renew = outOfSequence.length > 0 && !(await this.settleWritten(outOfSequence));
    }
  }

  /**
   * Counts as delivered the unacknowledged batches of these partitions that the broker has
   * written; false when its last sequence number does not end one of them.
   */
  private async settleWritten(partitions: readonly number[]): Promise<boolean> {
    const written = await this.connection.lastSequences(partitions);
    for (const partition of partitions) {
      const last = written.get(partition);
      const unacknowledged = this.flights.flatMap((flight) => flight.batches.filter((batch) => batch.partition === partition).map((batch) => ({ flight, batch })));
      const through = last === undefined ? -1 : unacknowledged.findIndex(({ batch }) => lastSequenceOf(batch.bytes) === last);
      if (through < 0) return false;
      for (const { flight, batch } of unacknowledged.slice(0, through + 1)) {
        this.counts.delivered += batch.records;
        this.counts.bytes += batch.valueBytes;
        flight.batches = flight.batches.filter((other) => other !== batch);
        if (flight.batches.length === 0) this.retire(flight);
      }
      this.confirmed[partition] = true;
    }
    return true;
  }

  /** A new producer id, and every unacknowledged batch re-stamped from sequence 0; false if that failed. */
  private async renewProducer(flight: Flight): Promise<boolean> {
    try {
      await this.connection.renewProducer();
    } catch (error) {
      const failure = error instanceof KafkaSendError ? error : new KafkaSendError(false, String(error), { cause: error });
      if (!failure.retriable) {
        this.failedForGood ??= new RunError('SINK_FAILED', `${this.options.description}: a new producer id was refused: ${failure.reason}`, false, { cause: error });
        this.retire(flight);
      }
      flight.failure = failure.reason;
      return false;
    }
    this.sequences = [];
    this.confirmed = [];
    for (const unfinished of this.flights) {
      for (const batch of unfinished.batches) stampProducer(batch.bytes, this.stampFor(batch.partition, batch.records), this.connection.codec);
    }
    return true;
  }

  /** Lets the flight go, counting what is left of it (nothing when all was acknowledged) as failed. */
  private retire(flight: Flight): void {
    for (const batch of flight.batches) this.counts.failed += batch.records;
    flight.batches = [];
    const at = this.flights.indexOf(flight);
    if (at >= 0) this.flights.splice(at, 1);
    flight.settle();
  }
}
