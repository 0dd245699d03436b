/**
 * Parses a Kafka target:
 *   kafka://HOST:PORT[,HOST:PORT...]/TOPIC?key=FIELD&compression=lz4&acks=all&...
 * into a frozen, validated description. Pure: the environment is passed in, nothing is read
 * or connected here. Every problem is a UsageError naming the parameter and what is valid.
 */
import { UsageError } from '../errors.js';

export const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export const WIRE_FORMATS = ['avro', 'protobuf', 'json-schema'] as const;
export type WireFormat = (typeof WIRE_FORMATS)[number];
/** How the value subject is named: TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy. */
export const SUBJECT_STRATEGIES = ['topic', 'record', 'topic-record'] as const;
export type SubjectStrategy = (typeof SUBJECT_STRATEGIES)[number];

/** Records in the Confluent wire format, with their schemas in a Schema Registry. */
export interface WireTarget {
  readonly format: WireFormat;
  /** The registry's base URL, without credentials. */
  readonly registry: string;
  readonly auth: { readonly user: string; readonly password: string } | undefined;
  readonly subject: SubjectStrategy;
  /** `string`: the key as UTF-8 text (as without a registry); `avro`: an Avro string framed with the id of its schema, registered under TOPIC-key. */
  readonly keyFormat: 'string' | 'avro';
  /** `schema=`: a user's .avsc (format=avro) or .proto (format=protobuf) in place of the derived schema. */
  readonly schemaFile: string | undefined;
}

export interface KafkaBroker {
  readonly host: string;
  readonly port: number;
}

export interface KafkaTarget {
  readonly brokers: readonly KafkaBroker[];
  readonly topic: string;
  /** Event field whose value keys each record; undefined sends records without keys. */
  readonly keyField: string | undefined;
  readonly compression: Compression;
  /** -1 = all in-sync replicas, 1 = the leader, 0 = no acknowledgement. */
  readonly acks: -1 | 0 | 1;
  readonly idempotent: boolean;
  /** Used only when the topic has to be created. */
  readonly partitions: number;
  readonly replication: number;
  /** How long to wait for more records before sending a request that is not full. */
  readonly lingerMs: number;
  /** Largest produce request, in record bytes. */
  readonly batchBytes: number;
  /** How long to keep trying to reach the cluster at start. */
  readonly connectTimeoutMs: number;
  /** How long one batch may keep failing with retriable errors before its records count as failed. */
  readonly deliveryTimeoutMs: number;
  readonly sasl: { readonly mechanism: SaslMechanism; readonly username: string; readonly password: string } | undefined;
  readonly tls: boolean;
  /** A PEM file with the certificate authorities to trust, instead of the system ones. */
  readonly caFile: string | undefined;
  /** With `format=`: records in the Confluent wire format; undefined for the encoder's bytes as they are. */
  readonly wire: WireTarget | undefined;
}

export interface KafkaTargetDefaults {
  readonly topic?: string;
  readonly key?: string;
  readonly partitions?: number;
}

/** Reads a scenario's `sinks.kafka` block ({ topic, key, partitions }), checking the types. */
export function kafkaDefaultsFrom(block: Readonly<Record<string, unknown>> | undefined): KafkaTargetDefaults {
  const { topic, key, partitions } = block ?? {};
  const wrong = (name: string, valid: string): never => {
    throw new UsageError('SCENARIO_INVALID', `scenario sinks.kafka.${name}: must be ${valid}`);
  };
  if (topic !== undefined && typeof topic !== 'string') wrong('topic', 'a topic name');
  if (key !== undefined && typeof key !== 'string') wrong('key', 'a field name');
  if (partitions !== undefined && !(Number.isInteger(partitions) && (partitions as number) >= 1)) wrong('partitions', 'a whole number of at least 1');
  return { topic: topic as string | undefined, key: key as string | undefined, partitions: partitions as number | undefined };
}

export const DEFAULT_BOOTSTRAP_SERVERS = 'localhost:9092';
const DEFAULT_PORT = 9092;
const DEFAULT_TOPIC = 'clickstream';

const PARAMETERS = [
  'key',
  'compression',
  'acks',
  'idempotent',
  'partitions',
  'replication',
  'linger',
  'batch',
  'connect_timeout',
  'delivery_timeout',
  'sasl',
  'user',
  'password',
  'tls',
  'ca',
  'format',
  'registry',
  'subject',
  'key_format',
  'schema',
] as const;
type Parameter = (typeof PARAMETERS)[number];

const SCHEME = 'kafka://';
/** Kafka's own rule for topic names. */
const TOPIC_PATTERN = /^[a-zA-Z0-9._-]{1,249}$/;
const FIELD_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function parseKafkaTarget(
  target: string,
  defaults: KafkaTargetDefaults,
  env: Readonly<Record<string, string | undefined>>,
): KafkaTarget {
  if (!target.toLowerCase().startsWith(SCHEME)) {
    throw new UsageError('BAD_TARGET', `Kafka target "${target}": must start with ${SCHEME}, e.g. kafka://localhost:9092/clickstream`);
  }
  const rest = target.slice(SCHEME.length);
  const queryAt = rest.indexOf('?');
  const location = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? '' : rest.slice(queryAt + 1));
  const slashAt = location.indexOf('/');
  const authority = slashAt === -1 ? location : location.slice(0, slashAt);
  const path = slashAt === -1 ? '' : location.slice(slashAt + 1);

  const fail: Fail = (what) => {
    throw new UsageError('BAD_TARGET', `Kafka target "${redact(target)}": ${what}`);
  };
  const params = readParameters(query, fail);

  const servers = authority !== '' ? authority : (env.KAFKA_BOOTSTRAP_SERVERS ?? '').trim() || DEFAULT_BOOTSTRAP_SERVERS;
  const brokers = servers.split(',').map((server) => parseBroker(server.trim(), authority !== '' ? 'host list' : 'KAFKA_BOOTSTRAP_SERVERS', fail));

  const topic = decodeTopic(path, fail) || defaults.topic || DEFAULT_TOPIC;
  if (!TOPIC_PATTERN.test(topic) || topic === '.' || topic === '..') {
    fail(`topic "${topic}" is not a valid Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)`);
  }

  const keyField = params.key ?? defaults.key;
  if (keyField !== undefined && !FIELD_PATTERN.test(keyField)) {
    fail(`key="${keyField}" is not a field name (letters, digits, _ . -, not starting with a digit)`);
  }

  const compression = oneOf(params, 'compression', COMPRESSIONS, fail) ?? 'lz4';
  const acksText = oneOf(params, 'acks', ['all', '-1', '1', '0'] as const, fail) ?? 'all';
  const acks = acksText === 'all' || acksText === '-1' ? -1 : acksText === '1' ? 1 : 0;
  // Idempotence needs acks=all; asking for fewer acks quietly means a non-idempotent producer.
  const idempotent = booleanParameter(params, 'idempotent', fail) ?? acks === -1;
  if (idempotent && acks !== -1) {
    fail(`idempotent=true needs acks=all (got acks=${acksText})`);
  }

  const sasl = parseSasl(params, env, fail);
  const caFile = params.ca;
  if (caFile === '') fail('ca= needs the path of a PEM file');
  const tls = booleanParameter(params, 'tls', fail) ?? caFile !== undefined;
  if (caFile !== undefined && !tls) fail('ca= is given but tls=false');

  return Object.freeze({
    brokers: Object.freeze(brokers),
    topic,
    keyField,
    compression,
    acks,
    idempotent,
    partitions: integerParameter(params, 'partitions', 1, 1_000_000, fail) ?? defaults.partitions ?? 1,
    replication: integerParameter(params, 'replication', 1, 32_767, fail) ?? 1,
    lingerMs: integerParameter(params, 'linger', 0, 600_000, fail) ?? 5,
    batchBytes: integerParameter(params, 'batch', 1024, 256 * 1024 * 1024, fail) ?? 1_000_000,
    connectTimeoutMs: integerParameter(params, 'connect_timeout', 0, 3_600_000, fail) ?? 30_000,
    deliveryTimeoutMs: integerParameter(params, 'delivery_timeout', 1_000, 86_400_000, fail) ?? 120_000,
    sasl,
    tls,
    caFile,
    wire: parseWire(params, keyField, fail),
  });
}

function parseWire(params: Parameters, keyField: string | undefined, fail: Fail): WireTarget | undefined {
  const format = oneOf(params, 'format', WIRE_FORMATS, fail);
  if (format === undefined) {
    for (const name of ['registry', 'subject', 'key_format', 'schema'] as const) if (params[name] !== undefined) fail(`${name}= needs format=${WIRE_FORMATS.join('|')}`);
    return undefined;
  }
  const text = params.registry;
  if (text === undefined) return fail(`format=${format} needs registry=http://HOST:PORT (the Schema Registry)`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`registry="${redactUrl(text)}" is not a URL; give http://HOST:PORT`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`registry="${redactUrl(text)}" is not an http:// or https:// URL`);
  const auth = url.username === '' ? undefined : Object.freeze({ user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
  url.username = '';
  url.password = '';
  const keyFormat = oneOf(params, 'key_format', ['string', 'avro'] as const, fail) ?? 'string';
  if (keyFormat === 'avro' && keyField === undefined) fail("key_format=avro needs a key: key=FIELD, or the scenario's sinks.kafka.key");
  const schemaFile = params.schema;
  if (schemaFile === '') fail('schema= needs the path of a .avsc (format=avro) or .proto (format=protobuf) file');
  if (schemaFile !== undefined && format === 'json-schema') fail('schema= takes a .avsc (format=avro) or a .proto (format=protobuf); format=json-schema registers the derived JSON Schema');
  // The file's kind, by its name, against the format: a .proto read as Avro JSON fails on its first word.
  if (schemaFile !== undefined && format === 'avro' && /\.proto$/i.test(schemaFile)) fail(`schema=${schemaFile}: a Protobuf file, but format=avro takes a .avsc; add format=protobuf for a .proto`);
  if (schemaFile !== undefined && format === 'protobuf' && /\.avsc$/i.test(schemaFile)) fail(`schema=${schemaFile}: an Avro schema, but format=protobuf takes a .proto; add format=avro for a .avsc`);
  return Object.freeze({ format, registry: url.href.replace(/\/$/, ''), auth, subject: oneOf(params, 'subject', SUBJECT_STRATEGIES, fail) ?? 'topic', keyFormat, schemaFile });
}

function redactUrl(text: string): string {
  return text.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@');
}

/** The bootstrap servers and topic, for messages: `127.0.0.1:9092/clickstream`. */
export function describeKafkaTarget(target: KafkaTarget): string {
  return `${target.brokers.map(formatBroker).join(',')}/${target.topic}`;
}

export function formatBroker(broker: KafkaBroker): string {
  return broker.host.includes(':') ? `[${broker.host}]:${broker.port}` : `${broker.host}:${broker.port}`;
}

type Fail = (what: string) => never;
type Parameters = Partial<Record<Parameter, string>>;

function readParameters(query: URLSearchParams, fail: Fail): Parameters {
  const params: Parameters = {};
  for (const [name, value] of query) {
    if (!(PARAMETERS as readonly string[]).includes(name)) {
      fail(`unknown parameter "${name}"; valid parameters: ${PARAMETERS.join(', ')}`);
    }
    if (params[name as Parameter] !== undefined) fail(`parameter "${name}" is given twice`);
    params[name as Parameter] = value;
  }
  return params;
}

function parseBroker(server: string, where: string, fail: Fail): KafkaBroker {
  // host, host:port, [v6], [v6]:port
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+))(?::(\d{1,5}))?$/.exec(server);
  if (!match) return fail(`"${server}" in the ${where} is not HOST:PORT`);
  const host = match[1] ?? match[2];
  const port = match[3] === undefined ? DEFAULT_PORT : Number(match[3]);
  if (port < 1 || port > 65535) fail(`port ${port} of "${server}" is not between 1 and 65535`);
  return Object.freeze({ host, port });
}

function decodeTopic(path: string, fail: Fail): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return fail(`topic "${path}" is not valid percent-encoding`);
  }
}

function oneOf<T extends string>(params: Parameters, name: Parameter, valid: readonly T[], fail: Fail): T | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (!(valid as readonly string[]).includes(lower)) fail(`${name}="${value}" is not one of ${valid.join(', ')}`);
  return lower as T;
}

function booleanParameter(params: Parameters, name: Parameter, fail: Fail): boolean | undefined {
  const value = oneOf(params, name, ['true', 'false'] as const, fail);
  return value === undefined ? undefined : value === 'true';
}

function integerParameter(params: Parameters, name: Parameter, min: number, max: number, fail: Fail): number | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    fail(`${name}="${value}" is not a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

function parseSasl(params: Parameters, env: Readonly<Record<string, string | undefined>>, fail: Fail): KafkaTarget['sasl'] {
  const mechanism = oneOf(params, 'sasl', SASL_MECHANISMS, fail);
  if (mechanism === undefined) {
    if (params.user !== undefined || params.password !== undefined) fail('user/password are given but sasl= is not');
    return undefined;
  }
  const username = params.user ?? env.KAFKA_USERNAME;
  const password = params.password ?? env.KAFKA_PASSWORD;
  if (!username) return fail(`sasl=${mechanism} needs a user (user= or KAFKA_USERNAME)`);
  if (password === undefined) return fail(`sasl=${mechanism} needs a password (password= or KAFKA_PASSWORD)`);
  return Object.freeze({ mechanism, username, password });
}

/** Keeps passwords out of messages. */
function redact(target: string): string {
  return target.replace(/([?&]password=)[^&]*/gi, '$1***').replace(/(registry=[a-z]+(?::|%3A)(?:\/\/|%2F%2F)[^:@/&]*(?::|%3A))[^@&]*(@|%40)/gi, '$1***$2');
}
