/**
 * The contract between the Kafka sink and the client adapter (kafka-client.ts). Kept apart so
 * the sink can use it without loading the client library before `open`.
 */
import type { BatchCodec, ProducerStamp } from './kafka-record-batch.js';

/** One partition's complete record batch (kafka-record-batch.ts), ready to send as it is. */
export interface EncodedBatch {
  readonly partition: number;
  readonly bytes: Buffer;
  readonly records: number;
  readonly valueBytes: number;
  /** Called once the broker has the batch, with the offset of its first record when it said. */
  readonly written?: (baseOffset: number | null) => void;
}

/** What the broker said about one batch of a produce request. */
export type BatchOutcome =
  | { readonly ok: true; readonly baseOffset: number | null }
  | {
      readonly ok: false;
      readonly retriable: boolean;
      /** OUT_OF_ORDER_SEQUENCE_NUMBER or UNKNOWN_PRODUCER_ID: the broker's idea of the sequence differs from ours. */
      readonly sequence: boolean;
      readonly reason: string;
    };

export interface KafkaConnection {
  readonly partitionCount: number;
  readonly codec: BatchCodec;
  /** The idempotent producer's id and epoch (base sequence unused), or undefined without idempotence. */
  readonly producer: Omit<ProducerStamp, 'baseSequence'> | undefined;
  /**
   * Sends the batches (at most one per partition) to their partitions' leaders, one request per
   * leader. Requests go on the wire in the order of the calls, so calls may overlap; the promise
   * never rejects and gives one outcome per batch, in order.
   */
  produce(batches: readonly EncodedBatch[]): Promise<BatchOutcome[]>;
  /**
   * The broker's last written sequence number of the current producer per partition (Kafka's
   * DescribeProducers). Partitions it has no state for, or could not answer for, are missing.
   * Never rejects.
   */
  lastSequences(partitions: readonly number[]): Promise<ReadonlyMap<number, number>>;
  /** Asks for a new producer id (idempotence only); rejects with a KafkaSendError. */
  renewProducer(): Promise<void>;
  close(force: boolean): Promise<void>;
}

export class KafkaSendError extends Error {
  constructor(
    readonly retriable: boolean,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'KafkaSendError';
  }
}
