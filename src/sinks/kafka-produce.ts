/**
 * Produce requests made of record batches the sink encoded itself (kafka-record-batch.ts):
 * the library frames the request header, owns the connections (TLS, SASL, reconnects) and
 * parses the response; this file writes the request body around the ready batches, routes
 * each batch to its partition's leader and turns the response into one outcome per batch.
 */
import type { BatchOutcome, EncodedBatch } from './kafka-connection.js';
import { describe, explain, isRetriable, leafErrors, RETRIABLE_PROTOCOL_ERRORS } from './kafka-errors.js';

type Library = typeof import('@platformatic/kafka');
type Client = import('@platformatic/kafka').Producer<Buffer, Buffer, Buffer, Buffer>;
type Connection = import('@platformatic/kafka').Connection;
type ProduceResponse = import('@platformatic/kafka').produceV9.ProduceResponse;

/** Produce v9 (Kafka 2.8+) is the first with compact, tagged encoding; its request body is also v10's and v11's. */
export const PRODUCE_VERSION = 9;
const PRODUCE_API_KEY = 0;

/** Errors that mean the partition's leader is not where the metadata said. */
const STALE_METADATA = new Set(['NOT_LEADER_OR_FOLLOWER', 'LEADER_NOT_AVAILABLE', 'UNKNOWN_TOPIC_OR_PARTITION', 'FENCED_LEADER_EPOCH']);
/** The broker wrote this batch before (its acknowledgement was lost): done, as the Java client treats it. */
const ALREADY_WRITTEN = 'DUPLICATE_SEQUENCE_NUMBER';
const SEQUENCE_MISMATCH = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID']);

const OK: BatchOutcome = { ok: true, baseOffset: null };

type ProduceApi = import('@platformatic/kafka').API<[topic: string, acks: number, timeoutMs: number, batches: readonly EncodedBatch[]], ProduceResponse | boolean>;

export class ProduceRequests {
  /** The leader's node id per partition; undefined until fetched or after a sign it moved. */
  private leaders: number[] | undefined;
  /** Requests are prepared one after another so they reach each connection in call order. */
  private chain: Promise<unknown> = Promise.resolve();
  private readonly api: ProduceApi;

  constructor(
    private readonly library: Library,
    private readonly client: Client,
    private readonly topic: string,
    private readonly acks: number,
    private readonly timeoutMs: number,
  ) {
    const writeRequest = (topic: string, acks: number, timeoutMs: number, batches: readonly EncodedBatch[]) => {
      // Produce request v9: transactional_id acks timeout_ms [topic_data] TAG_BUFFER, with
      // topic_data: name [partition_data] TAG_BUFFER and partition_data: index records TAG_BUFFER.
      const writer = library.Writer.create().appendString(null).appendInt16(acks).appendInt32(timeoutMs).appendUnsignedVarInt(2).appendString(topic);
      writer.appendUnsignedVarInt(batches.length + 1);
      for (const batch of batches) writer.appendInt32(batch.partition).appendUnsignedVarInt(batch.bytes.length + 1).append(batch.bytes).appendTaggedFields();
      writer.appendTaggedFields().appendTaggedFields();
      if (acks === 0) writer.context.noResponse = true;
      return writer;
    };
    // Partition errors make the library's parser throw; the response it carries says which.
    const parseResponse: typeof library.produceV9.parseResponse = (...args) => {
      try {
        return library.produceV9.parseResponse(...args);
      } catch (error) {
        const response = (error as { response?: ProduceResponse }).response;
        if (response === undefined) throw error;
        return response;
      }
    };
    this.api = library.createAPI(PRODUCE_API_KEY, PRODUCE_VERSION, writeRequest, parseResponse);
  }

  produce(batches: readonly EncodedBatch[]): Promise<BatchOutcome[]> {
    const dispatched = this.chain.then(() => this.dispatch(batches));
    this.chain = dispatched.catch(() => undefined);
    return dispatched.then(
      (sent) => sent.outcomes,
      (error: unknown) => {
        this.leaders = undefined;
        return batches.map(() => failure(error));
      },
    );
  }

  /** Sends one request per leader; resolves once they are on their way (with their outcomes to come). */
  private async dispatch(batches: readonly EncodedBatch[]): Promise<{ outcomes: Promise<BatchOutcome[]> }> {
    this.leaders ??= await this.fetchLeaders();
    const byLeader = new Map<number, EncodedBatch[]>();
    for (const batch of batches) {
      const leader = this.leaders[batch.partition];
      const group = byLeader.get(leader);
      if (group === undefined) byLeader.set(leader, [batch]);
      else group.push(batch);
    }
    const connections = await this.client.connectToBrokers([...byLeader.keys()]);
    const outcomes = new Map<EncodedBatch, BatchOutcome>();
    const requests = [...byLeader].map(([leader, group]) => {
      const connection = connections.get(leader);
      if (connection === undefined) {
        this.leaders = undefined;
        for (const batch of group) outcomes.set(batch, { ok: false, retriable: true, sequence: false, reason: `broker ${leader} is not in the cluster metadata` });
        return Promise.resolve();
      }
      return this.send(connection, group).then((results) => group.forEach((batch, i) => outcomes.set(batch, results[i])));
    });
    return { outcomes: Promise.all(requests).then(() => batches.map((batch) => outcomes.get(batch)!)) };
  }

  private send(connection: Connection, batches: readonly EncodedBatch[]): Promise<BatchOutcome[]> {
    return new Promise((resolve) => {
      this.api(connection, this.topic, this.acks, this.timeoutMs, batches, (error, response) => {
        if (error) {
          this.leaders = undefined;
          resolve(batches.map(() => failure(error)));
        } else if (typeof response === 'object') {
          resolve(this.outcomesOf(response, batches));
        } else {
          // acks=0: written to the socket is all there is to know.
          resolve(batches.map(() => OK));
        }
      });
    });
  }

  private outcomesOf(response: ProduceResponse, batches: readonly EncodedBatch[]): BatchOutcome[] {
    const codes = new Map<number, number>();
    const offsets = new Map<number, bigint>();
    for (const topic of response.responses) {
      for (const partition of topic.partitionResponses) {
        codes.set(partition.index, partition.errorCode);
        offsets.set(partition.index, partition.baseOffset);
      }
    }
    return batches.map((batch): BatchOutcome => {
      const code = codes.get(batch.partition);
      const offset = offsets.get(batch.partition);
      // -1: the broker did not say (a batch it already had).
      if (code === 0) return offset === undefined || offset < 0n ? OK : { ok: true, baseOffset: Number(offset) };
      if (code === undefined) return { ok: false, retriable: true, sequence: false, reason: `no answer for partition ${batch.partition}` };
      const name = this.library.protocolErrorsCodesById[code] ?? `error code ${code}`;
      if (name === ALREADY_WRITTEN) return OK;
      if (STALE_METADATA.has(name)) this.leaders = undefined;
      const known = (this.library.protocolErrors as Record<string, { canRetry: boolean } | undefined>)[name];
      const sequence = SEQUENCE_MISMATCH.has(name);
      return { ok: false, retriable: sequence || known?.canRetry === true || RETRIABLE_PROTOCOL_ERRORS.has(name), sequence, reason: explain(name) };
    });
  }

  /**
   * Waits until the leaders have handled every request sent so far: a broker handles a
   * connection's requests in order, so an answered request proves the earlier ones done.
   * Without acknowledgements (acks=0) that is the only way to know, and closing sooner loses
   * the requests the broker has not read yet. Best effort: a failure ends the wait.
   */
  async settle(): Promise<void> {
    if (this.leaders === undefined) return;
    try {
      const connections = await this.client.connectToBrokers([...new Set(this.leaders)]);
      await Promise.all([...connections.values()].map((connection) => this.library.apiVersionsV3.api.async(connection, 'clickgen', '0')));
    } catch {
      // Nothing more to learn without acknowledgements.
    }
  }

  /** The last sequence number the leaders have written for `producerId`, per partition; what cannot be had is missing. */
  async lastSequences(partitions: readonly number[], producerId: bigint): Promise<Map<number, number>> {
    const found = new Map<number, number>();
    try {
      this.leaders ??= await this.fetchLeaders();
      const byLeader = new Map<number, number[]>();
      for (const partition of partitions) byLeader.set(this.leaders[partition], [...(byLeader.get(this.leaders[partition]) ?? []), partition]);
      const connections = await this.client.connectToBrokers([...byLeader.keys()]);
      await Promise.all(
        [...byLeader].map(async ([leader, ofLeader]) => {
          const connection = connections.get(leader);
          if (connection === undefined) return;
          const response = await this.library.describeProducersV0.api.async(connection, [{ name: this.topic, partitionIndexes: ofLeader }]);
          for (const partition of response.topics.flatMap((topic) => topic.partitions)) {
            const producer = partition.activeProducers.find((active) => active.producerId === producerId);
            if (partition.errorCode === 0 && producer !== undefined) found.set(partition.partitionIndex, producer.lastSequence);
          }
        }),
      );
    } catch {
      // Unanswered (not authorised to describe, an old broker, a network error): the caller
      // treats those partitions as unknown.
    }
    return found;
  }

  private async fetchLeaders(): Promise<number[]> {
    const metadata = await this.client.metadata({ topics: [this.topic], forceUpdate: true });
    const partitions = metadata.topics.get(this.topic)?.partitions ?? [];
    if (partitions.length === 0 || partitions.some((partition) => partition.leader < 0)) throw new Error(`topic ${this.topic} has partitions without a leader`);
    return partitions.map((partition) => partition.leader);
  }
}

function failure(error: unknown): BatchOutcome {
  const leaves = leafErrors(error);
  return { ok: false, retriable: leaves.length > 0 && leaves.every(isRetriable), sequence: false, reason: describe(leaves) };
}
