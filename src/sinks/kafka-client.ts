/**
 * The one place that knows the Kafka client library (@platformatic/kafka, chosen in
 * docs/decisions.md). It is imported lazily so that clickgen starts without it, and it turns
 * the library's nested errors into what the sink needs: retriable or not, and why.
 */
import { readFile } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { RunError, UsageError } from '../errors.js';
import { KafkaSendError, type KafkaConnection, type OutgoingRecord } from './kafka-connection.js';
import { formatBroker, type KafkaTarget } from './kafka-target.js';

type Library = typeof import('@platformatic/kafka');

/** Client-level retries stay short: the sink's own loop retries for longer with its own deadline. */
const CLIENT_RETRIES = 2;
const CLIENT_RETRY_DELAY_MS = 250;
const REQUEST_TIMEOUT_MS = 30_000;
const SOCKET_CONNECT_TIMEOUT_MS = 5_000;
const BACKOFF_MAX_MS = 2_000;

export interface ConnectControls {
  readonly sleep: (ms: number) => Promise<void>;
  /** True once the run is stopped: connecting gives up between attempts. */
  readonly stopped: () => boolean;
}

/** Connects within `connectTimeoutMs` (retrying with backoff), creates the topic if needed. */
export async function connectKafka(target: KafkaTarget, description: string, controls: ConnectControls): Promise<KafkaConnection> {
  // Node.js 20 has no zstd in zlib, and the client library compresses with zlib.
  if (target.compression === 'zstd' && !('zstdCompressSync' in zlib)) {
    throw new UsageError('BAD_TARGET', `${description}: compression=zstd needs Node.js 22.15 or newer; use none, gzip, snappy or lz4`);
  }
  const library = await import('@platformatic/kafka');
  const options = await clientOptions(target, description);
  const producer: Client = new library.Producer({
    ...options,
    idempotent: target.idempotent,
    acks: target.acks,
    compression: target.compression,
    autocreateTopics: false,
  });
  try {
    const partitionCount = await withConnectDeadline(target, description, controls, () => ensureTopic(library, producer, options, target));
    return {
      partitionCount,
      send: (records) => send(producer, records),
      close: (force) => closeProducer(producer, force),
    };
  } catch (error) {
    await closeProducer(producer, true).catch(() => undefined);
    throw error;
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
    retryDelay: CLIENT_RETRY_DELAY_MS,
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

type Client = import('@platformatic/kafka').Producer<Buffer, Buffer, Buffer, Buffer>;

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
    if (leafErrors(error).some((leaf) => /unknown topic/i.test(leaf.message) || leaf.apiId === 'UNKNOWN_TOPIC_OR_PARTITION')) {
      return undefined;
    }
    throw error;
  }
}

async function send(producer: Client, records: OutgoingRecord[]): Promise<void> {
  try {
    await producer.send({ messages: records });
  } catch (error) {
    const leaves = leafErrors(error);
    const produced = (error as { produced?: { offsets?: { partition: number }[] } }).produced?.offsets ?? [];
    throw new KafkaSendError(
      leaves.length > 0 && leaves.every(isRetriable),
      describe(leaves),
      new Set(produced.map((offset) => offset.partition)),
      { cause: error },
    );
  }
}

interface LeafError {
  readonly message: string;
  readonly apiId?: string;
  readonly canRetry?: boolean;
  readonly code?: string;
}

/** The library nests errors (MultipleErrors > ResponseError > ProtocolError); the leaves say what happened. */
function leafErrors(error: unknown): LeafError[] {
  const nested = (error as { errors?: unknown[] } | undefined)?.errors;
  if (Array.isArray(nested) && nested.length > 0) return nested.flatMap(leafErrors);
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (cause instanceof Error && (error as { code?: string }).code === 'PLT_KFK_NETWORK') return [error as LeafError, ...leafErrors(cause)];
  return error instanceof Error ? [error] : [{ message: String(error) }];
}

/** Protocol errors say themselves whether a retry can help; network trouble and timeouts can. */
function isRetriable(leaf: LeafError): boolean {
  if (leaf.apiId !== undefined) return leaf.canRetry === true || RETRIABLE_PROTOCOL_ERRORS.has(leaf.apiId);
  return !isAuthenticationFailure(leaf) && leaf.code !== 'PLT_KFK_USER' && leaf.code !== 'PLT_KFK_UNSUPPORTED_COMPRESSION';
}

/** Errors the library marks final although they pass once a restarted broker is back. */
const RETRIABLE_PROTOCOL_ERRORS = new Set(['NOT_LEADER_OR_FOLLOWER', 'LEADER_NOT_AVAILABLE', 'NOT_ENOUGH_REPLICAS', 'REQUEST_TIMED_OUT', 'COORDINATOR_LOAD_IN_PROGRESS', 'KAFKA_STORAGE_ERROR', 'UNKNOWN_TOPIC_OR_PARTITION']);

/** Node's codes for certificates that fail verification: waiting will not make them pass. */
function isCertificateFailure(leaf: LeafError): boolean {
  return leaf.code !== undefined && /CERT|SIGNATURE|ALTNAME/.test(leaf.code);
}

function isAuthenticationFailure(leaf: LeafError): boolean {
  return leaf.code === 'PLT_KFK_AUTHENTICATION' || leaf.apiId === 'SASL_AUTHENTICATION_FAILED' || leaf.apiId === 'UNSUPPORTED_SASL_MECHANISM';
}

const EXPLANATIONS: Record<string, string> = {
  INVALID_TIMESTAMP: 'record timestamps (event times) are outside what the topic accepts (message.timestamp.after.max.ms / before.max.ms)',
  MESSAGE_TOO_LARGE: 'a record batch is larger than the topic accepts (max.message.bytes); lower batch= or use compression',
  RECORD_LIST_TOO_LARGE: 'a record batch is larger than the topic accepts (max.message.bytes); lower batch=',
  TOPIC_AUTHORIZATION_FAILED: 'not authorized to write to the topic',
  CLUSTER_AUTHORIZATION_FAILED: 'not authorized for idempotent writes (IdempotentWrite); try idempotent=false',
};

function describe(leaves: readonly LeafError[]): string {
  const seen = new Set<string>();
  for (const leaf of leaves) {
    const text = leaf.apiId !== undefined ? (EXPLANATIONS[leaf.apiId] ?? leaf.apiId) : leaf.message;
    if (leaf.apiId !== 'UNKNOWN_SERVER_ERROR' || leaves.length === 1) seen.add(text);
  }
  return [...seen].join('; ') || 'unknown error';
}
