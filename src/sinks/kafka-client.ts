/**
 * The Kafka client library (@platformatic/kafka, chosen in docs/decisions.md) is known here
 * and in kafka-produce.ts only. It is imported lazily so that clickgen starts without it. The
 * library connects (TLS, SASL), reads metadata, creates the topic, gets the idempotent
 * producer id and supplies the codecs and CRC-32C; the record batches themselves are encoded
 * by the sink (kafka-record-batch.ts, see docs/decisions.md).
 */
import { readFile } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { RunError, UsageError } from '../errors.js';
import { KafkaSendError, type KafkaConnection } from './kafka-connection.js';
import { describe, isAuthenticationFailure, isCertificateFailure, isRetriable, leafErrors } from './kafka-errors.js';
import { PRODUCE_VERSION, ProduceRequests } from './kafka-produce.js';
import type { BatchCodec } from './kafka-record-batch.js';
import { formatBroker, type Compression, type KafkaTarget } from './kafka-target.js';

type Library = typeof import('@platformatic/kafka');
type Client = import('@platformatic/kafka').Producer<Buffer, Buffer, Buffer, Buffer>;

/** Client-level retries stay short: the sink's own loop retries for longer with its own deadline. */
const CLIENT_RETRIES = 2;
const CLIENT_RETRY_DELAY_MS = 250;
/**
 * Asking for a topic that does not exist yet is how a run finds out it must create it; the
 * library retries that answer like any other, which cost every run to a new topic half a
 * second of waiting. Its retries come soon, and a new topic's leaders are there within a few
 * milliseconds of its creation.
 */
const UNKNOWN_TOPIC_RETRY_DELAY_MS = 10;
const REQUEST_TIMEOUT_MS = 30_000;
const SOCKET_CONNECT_TIMEOUT_MS = 5_000;
/** How long connecting goes on before the user is told that no broker answers yet. */
const CONNECT_NOTICE_MS = 1_000;
const BACKOFF_MAX_MS = 2_000;
/** Requests on the wire per connection: Kafka keeps idempotent order and deduplication for up to five. */
export const MAX_IN_FLIGHT = 5;

export interface ConnectControls {
  readonly sleep: (ms: number) => Promise<void>;
  /** True once the run is stopped: connecting gives up between attempts. */
  readonly stopped: () => boolean;
  /** Told once, after the first failed attempt, that connecting goes on until connect_timeout. */
  readonly retrying?: (line: string) => void;
}

/** Connects within `connectTimeoutMs` (retrying with backoff), creates the topic if needed. */
export async function connectKafka(target: KafkaTarget, description: string, controls: ConnectControls): Promise<KafkaConnection> {
  // Node.js 20 has no zstd in zlib, and the client library compresses with zlib.
  if (target.compression === 'zstd' && !('zstdCompressSync' in zlib)) {
    throw new UsageError('BAD_TARGET', `${description}: compression=zstd needs Node.js 22.15 or newer; use none, gzip, snappy or lz4`);
  }
  const library = await import('./kafka-library.js');
  const options = await clientOptions(target, description);
  // The library's own idempotence stays off: the sink numbers its batches itself.
  const client: Client = new library.Producer({ ...options, idempotent: false, maxInflights: MAX_IN_FLIGHT, autocreateTopics: false });
  try {
    const partitionCount = await withConnectDeadline(target, description, controls, async () => {
      const partitions = await ensureTopic(library, client, options, target);
      await requireProduceVersion(client, description);
      if (target.idempotent) await client.initIdempotentProducer({});
      return partitions;
    });
    const requests = new ProduceRequests(library, client, target.topic, target.acks, REQUEST_TIMEOUT_MS);
    return {
      partitionCount,
      codec: codecOf(library, target.compression),
      get producer() {
        const { producerId, producerEpoch } = client;
        return target.idempotent && producerId !== undefined && producerEpoch !== undefined ? { producerId, producerEpoch } : undefined;
      },
      produce: (batches) => requests.produce(batches),
      lastSequences: (partitions) => (client.producerId === undefined ? Promise.resolve(new Map()) : requests.lastSequences(partitions, client.producerId)),
      renewProducer: () => renewProducer(client),
      close: async (force) => {
        if (!force && target.acks === 0) await requests.settle();
        await closeProducer(client, force);
      },
    };
  } catch (error) {
    await closeProducer(client, true).catch(() => undefined);
    throw error;
  }
}

/** The attribute bits of `compression` and the library's CRC-32C (native or wasm), for kafka-record-batch.ts. */
export function codecOf(library: Library, compression: Compression): BatchCodec {
  const algorithm = library.compressionsAlgorithms[compression];
  return { attributes: algorithm.bitmask, crc32c: (bytes) => library.crc32c(bytes) };
}

/** Brokers before Kafka 2.8 lack produce v9, the version the request is written in. */
async function requireProduceVersion(client: Client, description: string): Promise<void> {
  const produce = (await client.listApis()).find((api) => api.name === 'Produce');
  if (produce === undefined || produce.maxVersion < PRODUCE_VERSION || produce.minVersion > PRODUCE_VERSION) {
    throw new RunError('SINK_FAILED', `${description}: the broker does not accept produce requests v${PRODUCE_VERSION}; Kafka 2.8 or newer is needed`, false);
  }
}

/** A new producer id (the broker gives one to every request without a transactional id). */
async function renewProducer(client: Client): Promise<void> {
  try {
    await client.initIdempotentProducer({});
  } catch (error) {
    const leaves = leafErrors(error);
    throw new KafkaSendError(leaves.length > 0 && leaves.every(isRetriable), describe(leaves), { cause: error });
  }
}

function closeProducer(producer: Client, force: boolean): Promise<void> {
  return new Promise((resolve, reject) => producer.close(force, (error) => (error ? reject(error) : resolve())));
}

async function clientOptions(target: KafkaTarget, description: string) {
  let tls: { ca?: Buffer } | undefined;
  if (target.tls) {
    tls = {};
    if (target.caFile !== undefined) {
      try {
        tls.ca = await readFile(target.caFile);
      } catch (error) {
        throw new UsageError('BAD_TARGET', `${description}: ca=${target.caFile} cannot be read (${(error as Error).message})`, { cause: error });
      }
    }
  }
  return {
    clientId: 'clickgen',
    bootstrapBrokers: target.brokers.map(formatBroker),
    retries: CLIENT_RETRIES,
    retryDelay: (_client: object, _operation: string, _attempt: number, _retries: number, error: Error) => (isUnknownTopic(error) ? UNKNOWN_TOPIC_RETRY_DELAY_MS : CLIENT_RETRY_DELAY_MS),
    timeout: REQUEST_TIMEOUT_MS,
    connectTimeout: SOCKET_CONNECT_TIMEOUT_MS,
    tls,
    sasl: target.sasl && {
      mechanism: target.sasl.mechanism.toUpperCase() as 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512',
      username: target.sasl.username,
      password: target.sasl.password,
    },
  };
}

async function withConnectDeadline<T>(
  target: KafkaTarget,
  description: string,
  controls: ConnectControls,
  attempt: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  let lastFailure: string | undefined;
  // A broker that is down would otherwise mean connect_timeout (30 s) of silence: one line
  // says early on that connecting goes on.
  const notice = setTimeout(() => {
    const servers = target.brokers.map(formatBroker).join(',');
    const why = lastFailure === undefined ? '' : ` (${lastFailure})`;
    controls.retrying?.(`${description}: no broker of ${servers} answers yet${why}; retrying until connect_timeout=${target.connectTimeoutMs}`);
  }, CONNECT_NOTICE_MS);
  try {
    return await retryUntilDeadline(target, description, controls, attempt, started, (failure) => (lastFailure = failure));
  } finally {
    clearTimeout(notice);
  }
}

async function retryUntilDeadline<T>(
  target: KafkaTarget,
  description: string,
  controls: ConnectControls,
  attempt: () => Promise<T>,
  started: number,
  failed: (failure: string) => void,
): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      const leaves = leafErrors(error);
      if (leaves.some(isAuthenticationFailure)) {
        throw new RunError('SINK_FAILED', `${description}: authentication failed: ${describe(leaves)}`, false, { cause: error });
      }
      if (leaves.some(isCertificateFailure)) {
        throw new RunError('SINK_FAILED', `${description}: the broker's TLS certificate is not trusted (${describe(leaves)}); give its CA with ca=FILE`, false, {
          cause: error,
        });
      }
      if (error instanceof UsageError || error instanceof RunError) throw error;
      const elapsed = performance.now() - started;
      if (elapsed >= target.connectTimeoutMs) {
        const servers = target.brokers.map(formatBroker).join(',');
        throw new RunError(
          'KAFKA_UNREACHABLE',
          `${description}: no broker of ${servers} answered within ${Math.round(target.connectTimeoutMs / 1000)} s (connect_timeout=${target.connectTimeoutMs}): ${describe(leaves)}`,
          true,
          { cause: error },
        );
      }
      failed(describe(leaves));
      await controls.sleep(Math.min(BACKOFF_MAX_MS, 100 * 2 ** tries, target.connectTimeoutMs - elapsed));
      if (controls.stopped()) throw new RunError('SINK_FAILED', `${description}: stopped while connecting`, false, { cause: error });
    }
  }
}

/**
 * Record timestamps are simulated event times, which a batch run pushes far ahead of the
 * wall clock; Kafka 4 refuses timestamps more than an hour ahead unless the topic allows it.
 */
const SIMULATED_TIME_CONFIGS = [{ name: 'message.timestamp.after.max.ms', value: '9223372036854775807' }];

async function ensureTopic(library: Library, producer: Client, options: Awaited<ReturnType<typeof clientOptions>>, target: KafkaTarget): Promise<number> {
  const existing = await partitionsOf(producer, target.topic);
  if (existing !== undefined) return existing;
  const admin = new library.Admin(options);
  const create = (configs: { name: string; value: string }[]) =>
    admin.createTopics({ topics: [target.topic], partitions: target.partitions, replicas: target.replication, configs });
  try {
    await create(SIMULATED_TIME_CONFIGS).catch((error: unknown) => {
      // Brokers before Kafka 3.6 do not know the setting; they get a plain topic.
      if (leafErrors(error).some((leaf) => leaf.apiId === 'INVALID_CONFIG')) return create([]);
      throw error;
    });
  } catch (error) {
    const leaves = leafErrors(error);
    if (!leaves.some((leaf) => leaf.apiId === 'TOPIC_ALREADY_EXISTS')) {
      const retriable = leaves.every(isRetriable);
      if (!retriable) {
        throw new RunError('SINK_FAILED', `kafka topic ${target.topic} cannot be created: ${describe(leaves)}`, false, { cause: error });
      }
      throw error;
    }
  } finally {
    await admin.close().catch(() => undefined);
  }
  // A new topic's partitions need a moment to get leaders; until then metadata lacks them.
  const created = await partitionsOf(producer, target.topic);
  if (created === undefined) throw new Error(`topic ${target.topic} has no leaders yet`);
  return created;
}

async function partitionsOf(producer: Client, topic: string): Promise<number | undefined> {
  try {
    const metadata = await producer.metadata({ topics: [topic], forceUpdate: true });
    const found = metadata.topics.get(topic);
    if (!found || found.partitions.some((partition) => partition.leader < 0)) return undefined;
    return found.partitionsCount;
  } catch (error) {
    if (isUnknownTopic(error)) return undefined;
    throw error;
  }
}

function isUnknownTopic(error: unknown): boolean {
  return leafErrors(error).some((leaf) => /unknown topic/i.test(leaf.message) || leaf.apiId === 'UNKNOWN_TOPIC_OR_PARTITION');
}
