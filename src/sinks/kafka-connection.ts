/**
 * The contract between the Kafka sink and the client adapter (kafka-client.ts). Kept apart so
 * the sink can use it without loading the client library before `open`.
 */

/**
 * One record, ready to send, in the shape the client library takes as it is (no copy per
 * record). The partition is chosen by the sink (Java-compatible murmur2).
 */
export interface OutgoingRecord {
  readonly topic: string;
  readonly key: Buffer | undefined;
  readonly value: Buffer;
  readonly partition: number;
  readonly timestamp: bigint | undefined;
}

export interface KafkaConnection {
  readonly partitionCount: number;
  /** Resolves when the records are acknowledged (as `acks` asks); rejects with a KafkaSendError. */
  send(records: OutgoingRecord[]): Promise<void>;
  close(force: boolean): Promise<void>;
}

export class KafkaSendError extends Error {
  constructor(
    readonly retriable: boolean,
    readonly reason: string,
    /** Partitions the broker acknowledged although the request as a whole failed. */
    readonly acknowledgedPartitions: ReadonlySet<number>,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'KafkaSendError';
  }
}
