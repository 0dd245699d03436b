/**
 * The sink's one connection to Redis, over node-redis (loaded only when a Redis sink opens).
 *
 * Each job runs as one call of the delivery script (redis-script.ts), which also sets the
 * job's bit in a per-run delivery mark (`clickgen:delivery:<run id>`). A script is applied
 * whole or not at all, so when a reply is lost with the connection, one GETBIT after
 * reconnecting tells whether the job was applied: the sink resends only jobs that were not,
 * and no record is written twice.
 *
 * node-redis reconnects by itself; its offline queue is off so that nothing is sent again
 * behind the sink's back, and command timeouts are off because a command that timed out after
 * being written could still be applied.
 */
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { RunError, UsageError } from '../errors.js';
import type { RedisJob } from './redis-jobs.js';
import { deliveryScript } from './redis-script.js';
import type { RedisTarget } from './redis-target.js';

/** Opening gives up after this many failed attempts (under a second of waiting, plus connect time). */
export const CONNECT_ATTEMPTS = 5;
/** After a lost connection, reconnecting gives up after this many attempts (about 35 s). */
export const DEFAULT_RECONNECT_ATTEMPTS = 40;
const CONNECT_TIMEOUT_MS = 3000;
/** The delivery mark outlives a crashed run by a day, then Redis removes it. */
const MARK_TTL_MS = String(24 * 60 * 60 * 1000);

/** How a failed job should be handled. */
export type Failure =
  /** The reply was lost or the server asked to wait (LOADING, BUSY): check the mark, then resend. */
  | { readonly kind: 'transient'; readonly reason: string }
  /** Retrying cannot help; nothing of the job was written. */
  | { readonly kind: 'fatal'; readonly reason: string };

/** What the server did with an applied job. */
export interface JobResult {
  /** Positions in the job of records the server refused (a key holding another type); the others were written. */
  readonly refused: readonly number[];
  /** The first refusal, with the server named, or '' when none. */
  readonly reason: string;
}

export interface RedisConnection {
  /** Applies the job and sets its delivery mark, atomically. */
  exec(job: RedisJob): Promise<JobResult>;
  /** Whether a job's script call was applied (its bit in the delivery mark is set). */
  wasApplied(seq: number): Promise<boolean>;
  /** Resolves once connected; rejects with a RunError when reconnecting has given up. */
  ready(): Promise<void>;
  classify(error: unknown): Failure;
  /** Removes the delivery mark and closes after pending replies. */
  close(): Promise<void>;
  /** Drops the connection now; pending jobs fail. */
  destroy(): void;
}

type RedisModule = typeof import('redis');
type Client = ReturnType<RedisModule['createClient']>;

const TRANSIENT_REPLIES = /^(LOADING|BUSY|TRYAGAIN|MASTERDOWN|CLUSTERDOWN)\b/;
const AUTH_REPLIES = /^(WRONGPASS|NOAUTH|ERR invalid password|ERR AUTH)/;
/** The server's reply to SELECT of a database it does not have: the target's /DB is wrong, and trying again cannot help. */
const DATABASE_REPLIES = /^ERR (DB index is out of range|invalid DB index)/;
/** Node's codes for a TLS certificate that was not accepted; trying again cannot help. */
const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

function isCertificateFailure(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && CERTIFICATE_CODES.test(error.code);
}

/** Waits before attempt `retries + 1`: 50 ms doubling up to 1 s. */
export function backoffMs(retries: number): number {
  return Math.min(50 * 2 ** retries, 1000);
}

/**
 * @param notice told, once per loss, when the connection comes back to a server that no longer
 *   holds the run's delivery mark although a job was applied: what the run wrote before is gone
 *   there (a restart without persistence, or another server in its place), and nothing the sink
 *   does can bring it back
 */
export async function connectRedis(target: RedisTarget, reconnectAttempts: number, notice?: (line: string) => void): Promise<RedisConnection> {
  const redis = await import('redis');
  const where = `redis ${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  const markKey = `clickgen:delivery:${randomUUID()}`;
  const script = deliveryScript(target);
  let opened = false;
  let lastError: unknown;
  /** Whether a job was applied since the mark was last seen: the server then holds the mark. */
  let marked = false;

  const isAuthFailure = (error: unknown): boolean => error instanceof redis.ErrorReply && AUTH_REPLIES.test(error.message);
  const isNoSuchDatabase = (error: unknown): boolean => error instanceof redis.ErrorReply && DATABASE_REPLIES.test(error.message);
  const client: Client = redis.createClient({
    socket: {
      host: target.host,
      port: target.port,
      connectTimeout: CONNECT_TIMEOUT_MS,
      ...(target.tls ? { tls: true as const, ...(isIP(target.host) === 0 ? { servername: target.host } : {}) } : {}),
      reconnectStrategy: (retries: number, cause: Error) => {
        lastError = cause;
        if (isAuthFailure(cause) || isCertificateFailure(cause) || isNoSuchDatabase(cause)) return false;
        if (retries + 1 >= (opened ? reconnectAttempts : CONNECT_ATTEMPTS)) return false;
        return backoffMs(retries);
      },
    },
    username: target.username,
    password: target.password,
    database: target.db,
    name: 'clickgen',
    // RESP2 works with every server that has streams (Redis 5 and later).
    RESP: 2,
    disableOfflineQueue: true,
    commandOptions: { timeout: 0 },
  });
  client.on('error', (error: unknown) => {
    lastError = error;
  });

  try {
    await client.connect();
  } catch (error) {
    client.destroy();
    if (isAuthFailure(error)) throw authError(where, error);
    if (isNoSuchDatabase(error)) throw new UsageError('BAD_TARGET', `${where}: no database ${target.db} on this server (${reasonOf(error)}); give a database number the server has, such as /0`, { cause: error });
    if (isCertificateFailure(error)) {
      throw new RunError('SINK_FAILED', `${where}: the server's TLS certificate was not accepted (${reasonOf(error)}); trust its CA with NODE_EXTRA_CA_CERTS`, false, { cause: error });
    }
    throw new RunError('SINK_FAILED', `${where}: cannot connect after ${CONNECT_ATTEMPTS} attempts: ${reasonOf(error)}`, true, { cause: error });
  }
  opened = true;

  let givenUp: RunError | undefined;
  const waiting = new Set<{ resolve: () => void; reject: (error: RunError) => void }>();
  client.on('ready', () => {
    for (const waiter of waiting) waiter.resolve();
    waiting.clear();
    if (marked && notice !== undefined) {
      client.exists(markKey).then(
        (count) => {
          if (count !== 0 || !marked) return;
          marked = false;
          notice(`${where}: reconnected to a server that no longer holds what this run wrote before (it restarted without persistence, or another server took its place); those records are lost there, and the run goes on`);
        },
        // The connection dropped again: the next reconnect looks again.
        () => undefined,
      );
    }
  });
  const giveUp = (error: RunError): void => {
    givenUp ??= error;
    for (const waiter of waiting) waiter.reject(givenUp);
    waiting.clear();
  };
  client.on('terminated', (cause: unknown) => {
    const error = cause ?? lastError;
    giveUp(
      isAuthFailure(error)
        ? authError(where, error)
        : new RunError('SINK_FAILED', `${where}: connection lost and not restored after ${reconnectAttempts} attempts: ${reasonOf(error)}`, true, { cause: error }),
    );
  });

  return {
    async exec(job) {
      const reply = await client.sendCommand(['EVAL', script, String(job.keys.length + 1), markKey, ...job.keys, String(job.seq), MARK_TTL_MS, ...job.values]);
      if (!Array.isArray(reply) || typeof reply[0] !== 'string') throw new RunError('SINK_FAILED', `${where}: unexpected reply to the delivery script`);
      const [reason, ...refused] = reply as unknown[];
      marked = true;
      return { refused: refused.map(Number), reason: refused.length === 0 ? '' : `${where}: ${String(reason)}` };
    },
    async wasApplied(seq) {
      return (await client.getBit(markKey, seq)) === 1;
    },
    ready() {
      if (givenUp !== undefined) return Promise.reject(givenUp);
      if (client.isReady) return Promise.resolve();
      return new Promise((resolve, reject) => waiting.add({ resolve, reject }));
    },
    classify(error) {
      if (error instanceof redis.ErrorReply) {
        if (TRANSIENT_REPLIES.test(error.message)) return { kind: 'transient', reason: error.message };
        if (isAuthFailure(error)) return { kind: 'fatal', reason: authError(where, error).message };
        // Refused before the script ran (OOM, NOPERM, a script error): nothing was applied.
        return { kind: 'fatal', reason: `${where}: ${error.message}` };
      }
      if (error instanceof RunError) return { kind: 'fatal', reason: error.message };
      if (error instanceof redis.ClientClosedError) return { kind: 'fatal', reason: `${where}: connection closed` };
      // Everything else is about the connection (reset, closed, offline while reconnecting).
      return { kind: 'transient', reason: reasonOf(error) };
    },
    async close() {
      if (!client.isReady) {
        client.destroy();
        return;
      }
      // Everything is delivered by now; if the mark cannot be removed, it expires by itself.
      await client.del(markKey).catch(() => undefined);
      await client.close();
    },
    destroy() {
      giveUp(new RunError('SINK_FAILED', `${where}: connection closed`));
      client.destroy();
    },
  };
}

function authError(where: string, error: unknown): RunError {
  return new RunError('SINK_FAILED', `${where}: authentication failed (${reasonOf(error)}); check the password in the target or REDIS_URL`, false, { cause: error });
}

function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reasonOf(error.errors[0]);
  if (error instanceof Error) return error.message === '' ? error.name : error.message;
  return String(error);
}
