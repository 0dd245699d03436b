/**
 * A real Kafka broker for the Kafka tests (scripts/kafka-broker.sh) and an independent way to
 * read topics back: kcat (librdkafka), not the client library the sink uses. The broker's own
 * DumpLogSegments tool tells which compression codec actually reached the log.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { RecordBatch } from '../../src/sinks/types.js';
import { JAVA, KCAT, MAVEN, skipUnlessInstalled } from './requirement.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = `${root}scripts/kafka-broker.sh`;

export interface KafkaBroker {
  /** host:port for kafka:// targets and kcat. */
  readonly bootstrap: string;
  /** The SASL_PLAINTEXT listener (PLAIN and SCRAM), with its user and password. */
  readonly sasl: { readonly bootstrap: string; readonly user: string; readonly password: string };
  /** The SSL listener and the PEM of its self-signed certificate. */
  readonly tls: { readonly bootstrap: string; readonly caFile: string };
  /** Stops the broker if this process started it. */
  release(): void;
}

export type BrokerOrSkip = { broker: KafkaBroker; skip?: undefined } | { broker?: undefined; skip: string };

/** The ports of the broker this process uses, as scripts/kafka-broker.sh reads them. */
let ports: Record<'KAFKA_PORT' | 'KAFKA_CONTROLLER_PORT' | 'KAFKA_SASL_PORT' | 'KAFKA_SSL_PORT', string> | undefined;

/**
 * A broker of this repository's script for this test file. With KAFKA_PORT set (CI starts one
 * broker for the whole run) the broker already running there is used; otherwise one is started
 * on free ports, whatever else listens on 9092, and stopped by release(). Without Java, kcat or
 * (before the jars are cached) Maven the tests are skipped, naming what to install; under CI
 * that is a failure.
 */
export async function ensureKafkaBroker(): Promise<BrokerOrSkip> {
  const jarsCached = existsSync(`${root}.cache/kafka/lib/.pom.sha256`);
  const skip = skipUnlessInstalled('the Kafka tests (they start a broker with scripts/kafka-broker.sh)', jarsCached ? [JAVA, KCAT] : [JAVA, MAVEN, KCAT]);
  if (skip !== undefined) return { skip };
  const given = process.env.KAFKA_PORT;
  const free = given === undefined ? (await unusedPorts(4)).map(String) : [];
  ports =
    given === undefined
      ? { KAFKA_PORT: free[0], KAFKA_CONTROLLER_PORT: free[1], KAFKA_SASL_PORT: free[2], KAFKA_SSL_PORT: free[3] }
      : {
          KAFKA_PORT: given,
          KAFKA_CONTROLLER_PORT: process.env.KAFKA_CONTROLLER_PORT ?? '9093',
          KAFKA_SASL_PORT: process.env.KAFKA_SASL_PORT ?? '9094',
          KAFKA_SSL_PORT: process.env.KAFKA_SSL_PORT ?? '9095',
        };
  // A broker on the given port that another checkout of the repository started is used as it is.
  const running = broker('status').status === 0 || (given !== undefined && (await listening(Number(given))));
  if (!running) {
    // The first start fetches the broker's jars with Maven, which can take minutes.
    const started = broker('start', 15 * 60_000);
    if (started.status !== 0) {
      throw new Error(`scripts/kafka-broker.sh start failed:\n${started.stdout}${started.stderr}`);
    }
  }
  return {
    broker: {
      bootstrap: `127.0.0.1:${ports.KAFKA_PORT}`,
      sasl: { bootstrap: `127.0.0.1:${ports.KAFKA_SASL_PORT}`, user: 'clickgen', password: 'clickgen-secret' },
      tls: { bootstrap: `127.0.0.1:${ports.KAFKA_SSL_PORT}`, caFile: `${stateDir()}/ca.pem` },
      release: () => {
        if (!running) broker('stop');
      },
    },
  };
}

function brokerEnv(): NodeJS.ProcessEnv {
  if (ports === undefined) throw new Error('ensureKafkaBroker() first');
  return { ...process.env, ...ports };
}

function stateDir(): string {
  return `${root}.cache/kafka/broker-${brokerEnv().KAFKA_PORT}`;
}

/** Stops and starts the broker keeping its data, without blocking the event loop. */
export function restartBroker(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(script, ['restart'], { stdio: ['ignore', 'ignore', 'pipe'], env: brokerEnv() });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`broker restart failed (${code}): ${stderr}`))));
  });
}

export interface ConsumedRecord {
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly key: string | null;
  readonly value: string;
  /** The key and value as they are, for binary formats. */
  readonly keyBytes: Buffer | null;
  readonly valueBytes: Buffer;
}

/** Reads a whole topic with kcat, in offset order per partition. */
export async function readTopic(bootstrap: string, topic: string): Promise<ConsumedRecord[]> {
  // Lengths before the key and value make the output parseable whatever bytes they hold.
  const format = '%p %o %T %K %S\n%k%s\n';
  const child = spawn('kcat', ['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', format], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`kcat failed (${code}): ${stderr}`);
  return parseKcat(Buffer.concat(chunks));
}

function parseKcat(output: Buffer): ConsumedRecord[] {
  const records: ConsumedRecord[] = [];
  let at = 0;
  while (at < output.length) {
    const lineEnd = output.indexOf(0x0a, at);
    const [partition, offset, timestamp, keyLength, valueLength] = output.toString('latin1', at, lineEnd).split(' ').map(Number);
    at = lineEnd + 1;
    // kcat prints -1 for a null key or value.
    const keyBytes = keyLength < 0 ? null : output.subarray(at, at + keyLength);
    const key = keyBytes === null ? null : keyBytes.toString('utf8');
    at += Math.max(keyLength, 0);
    const valueBytes = output.subarray(at, at + Math.max(valueLength, 0));
    at += Math.max(valueLength, 0) + 1;
    records.push({ partition, offset, timestamp, key, keyBytes, value: valueBytes.toString('utf8'), valueBytes });
  }
  return records;
}

/** One record batch in the broker's log, as its own DumpLogSegments tool describes it. */
export interface LoggedBatch {
  readonly partition: number;
  readonly baseOffset: number;
  readonly count: number;
  readonly baseSequence: number;
  readonly lastSequence: number;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly codec: string;
  readonly valid: boolean;
}

/** Every record batch in the topic's log, per partition in offset order, per the broker's own tool. */
export function logBatches(topic: string): LoggedBatch[] {
  const dataDir = `${stateDir()}/data`;
  const files = readdirSync(dataDir)
    .filter((dir) => dir.startsWith(`${topic}-`) && /^\d+$/.test(dir.slice(topic.length + 1)))
    .flatMap((dir) => readdirSync(`${dataDir}/${dir}`).filter((file) => file.endsWith('.log')).map((file) => `${dataDir}/${dir}/${file}`));
  const dump = spawnSync('java', ['-cp', `${root}.cache/kafka/lib/*`, 'kafka.tools.DumpLogSegments', '--files', files.join(',')], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (dump.status !== 0) throw new Error(`DumpLogSegments failed: ${dump.stderr}`);
  const batches: LoggedBatch[] = [];
  let partition = -1;
  for (const line of dump.stdout.split('\n')) {
    const file = /^Dumping .*-(\d+)\/\d+\.log$/.exec(line);
    if (file) partition = Number(file[1]);
    if (!line.startsWith('baseOffset:')) continue;
    const field = (name: string) => new RegExp(`\\b${name}: (\\S+)`).exec(line)?.[1] ?? '';
    batches.push({
      partition,
      baseOffset: Number(field('baseOffset')),
      count: Number(field('count')),
      baseSequence: Number(field('baseSequence')),
      lastSequence: Number(field('lastSequence')),
      producerId: Number(field('producerId')),
      producerEpoch: Number(field('producerEpoch')),
      codec: field('compresscodec'),
      valid: field('isvalid') === 'true',
    });
  }
  return batches;
}

/** The compression codecs of every record batch in the topic's log. */
export function logCodecs(topic: string): Set<string> {
  return new Set(logBatches(topic).map((batch) => batch.codec));
}

/** A batch as the pipeline hands it to a sink: NDJSON lines, their ends, event times and keys. */
export function recordBatch(objects: readonly Record<string, unknown>[], times: readonly number[], keyField: string | undefined): RecordBatch {
  const lines = objects.map((object) => Buffer.from(`${JSON.stringify(object)}\n`));
  const ends = new Uint32Array(lines.length);
  lines.reduce((end, line, i) => (ends[i] = end + line.length), 0);
  return {
    bytes: Buffer.concat(lines),
    ends,
    count: objects.length,
    times: Float64Array.from(times),
    keys: keyField === undefined ? undefined : objects.map((object) => (typeof object[keyField] === 'string' ? object[keyField] : null)),
    objects: undefined,
  };
}

/** A loopback port nothing listens on: the kernel picks a free one, then it is released. */
export async function unusedPort(): Promise<number> {
  return (await unusedPorts(1))[0];
}

/** Whether something accepts connections on this loopback port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** `count` different free loopback ports: all are held open together, so none repeats. */
async function unusedPorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
  const found = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  return found;
}

function broker(command: string, timeout = 120_000) {
  return spawnSync(script, [command], { encoding: 'utf8', timeout, env: brokerEnv() });
}
