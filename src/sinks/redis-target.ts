/**
 * Parses a Redis sink target:
 *
 *   redis[s]://[[USER]:PASSWORD@]HOST[:PORT][/DB]?mode=stream|pubsub|list&key=TEMPLATE&maxlen=N&fields=json|flat
 *
 * A target without a host (`redis:`, `redis://`, `redis://?mode=list`) takes the server from
 * the environment the caller passes in: REDIS_URL, else REDIS_HOST and REDIS_PORT (the names the
 * travel search generator used), else localhost:6379. Every problem is a UsageError that names
 * the part of the target and what would be valid; passwords never appear in messages.
 */
import { UsageError } from '../errors.js';

export const REDIS_MODES = ['stream', 'pubsub', 'list'] as const;
export type RedisMode = (typeof REDIS_MODES)[number];

export const REDIS_FIELD_LAYOUTS = ['json', 'flat'] as const;
export type RedisFieldLayout = (typeof REDIS_FIELD_LAYOUTS)[number];

/** One stream, channel or list per event type, named like the generator's JSONL files. */
export const DEFAULT_KEY_TEMPLATE = '{event_type}_events';
export const DEFAULT_PORT = 6379;

const PARAMETERS = ['mode', 'key', 'maxlen', 'fields'] as const;

export interface RedisTarget {
  /** `rediss:` connects with TLS. */
  readonly tls: boolean;
  readonly host: string;
  readonly port: number;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly db: number;
  readonly mode: RedisMode;
  /** Template over event fields naming the stream, channel or list of each event. */
  readonly key: string;
  /** Streams only: trim each stream to about this many entries (`XADD MAXLEN ~ N`). */
  readonly maxlen: number | undefined;
  /** Streams only: one `data` field holding the record, or one field per top-level event field. */
  readonly fields: RedisFieldLayout;
}

export interface RedisTargetOptions {
  /** The scenario's preferred key template, used when the target has no `key` parameter. */
  readonly defaults: { readonly key?: string };
  readonly env: Readonly<Record<string, string | undefined>>;
}

interface Connection {
  tls: boolean;
  host: string;
  port: number | undefined;
  username: string | undefined;
  password: string | undefined;
  db: number | undefined;
}

// scheme, then optionally //userinfo@hostport/db, then a query. The last '@' ends the
// userinfo, as in URLs, so an unencoded '@' in a password still parses.
const SHAPE = /^(rediss?):(?:\/\/(?:([^/?#]*)@)?([^/?#@]*)(\/[^?#]*)?)?(?:\?([^#]*))?$/i;

export function parseRedisTarget(target: string, options: RedisTargetOptions): RedisTarget {
  const where = `redis target '${redact(target)}'`;
  const match = SHAPE.exec(target);
  if (match === null) {
    throw new UsageError('BAD_TARGET', `${where}: expected redis://[:PASSWORD@]HOST:PORT[/DB]?mode=stream|pubsub|list&key=TEMPLATE&maxlen=N&fields=json|flat`);
  }
  const own = connectionOf(match, where);
  const connection = own.host === '' ? fromEnvironment(own, options.env) : own;
  const params = parseParameters(match[5] ?? '', where);

  const mode = oneOf(params.get('mode') ?? 'stream', REDIS_MODES, `${where}: mode`);
  const fields = oneOf(params.get('fields') ?? 'json', REDIS_FIELD_LAYOUTS, `${where}: fields`);
  const maxlenText = params.get('maxlen');
  const maxlen = maxlenText === undefined ? undefined : positiveInteger(maxlenText, `${where}: maxlen`);
  if (mode !== 'stream' && maxlen !== undefined) {
    throw new UsageError('BAD_TARGET', `${where}: maxlen applies only to mode=stream (mode is ${mode})`);
  }
  if (mode !== 'stream' && fields === 'flat') {
    throw new UsageError('BAD_TARGET', `${where}: fields=flat applies only to mode=stream; ${mode} messages carry the record as one string`);
  }
  const key = params.get('key') ?? options.defaults.key ?? DEFAULT_KEY_TEMPLATE;
  checkKeyTemplate(key, `${where}: key`);

  return Object.freeze({
    tls: connection.tls,
    host: connection.host,
    port: connection.port ?? DEFAULT_PORT,
    username: connection.username,
    password: connection.password,
    db: connection.db ?? 0,
    mode,
    key,
    maxlen,
    fields,
  });
}

/** Names the destination without secrets: `redis 127.0.0.1:6379/2 stream {event_type}_events`. */
export function describeRedisTarget(target: RedisTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  const db = target.db === 0 ? '' : `/${target.db}`;
  return `${target.tls ? 'rediss' : 'redis'} ${host}:${target.port}${db} ${target.mode} ${target.key}`;
}

/** The target as the user wrote it, with any password replaced by `***`. */
export function redact(target: string): string {
  return target.replace(/^(rediss?:\/\/[^:@/?#]*:)[^/?#]*@/i, '$1***@');
}

function connectionOf(match: RegExpExecArray, where: string): Connection {
  const [, scheme, userinfo, hostport = '', path = ''] = match;
  const tls = scheme.toLowerCase() === 'rediss';
  const { host, port } = splitHostPort(hostport, where);
  const { username, password } = splitUserinfo(userinfo, where);
  const db = path === '' || path === '/' ? undefined : databaseNumber(path.slice(1), `${where}: database`);
  return { tls, host, port, username, password, db };
}

function fromEnvironment(own: Connection, env: RedisTargetOptions['env']): Connection {
  const url = env.REDIS_URL;
  if (url !== undefined && url !== '') {
    const where = `REDIS_URL '${redact(url)}'`;
    const match = SHAPE.exec(url);
    if (match === null || match[5] !== undefined) {
      throw new UsageError('BAD_TARGET', `${where}: expected redis[s]://[:PASSWORD@]HOST[:PORT][/DB] (no query parameters)`);
    }
    const base = connectionOf(match, where);
    if (base.host === '') throw new UsageError('BAD_TARGET', `${where}: names no host`);
    return {
      tls: own.tls || base.tls,
      host: base.host,
      port: base.port,
      username: own.username ?? base.username,
      password: own.password ?? base.password,
      db: own.db ?? base.db,
    };
  }
  const host = env.REDIS_HOST === undefined || env.REDIS_HOST === '' ? 'localhost' : env.REDIS_HOST;
  const portText = env.REDIS_PORT;
  const port = portText === undefined || portText === '' ? undefined : portNumber(portText, `REDIS_PORT`);
  return { ...own, host, port };
}

function splitHostPort(hostport: string, where: string): { host: string; port: number | undefined } {
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(hostport);
  if (bracketed !== null) {
    return { host: bracketed[1], port: bracketed[2] === undefined ? undefined : portNumber(bracketed[2], `${where}: port`) };
  }
  const colon = hostport.lastIndexOf(':');
  if (colon === -1) return { host: hostport, port: undefined };
  const host = hostport.slice(0, colon);
  if (host.includes(':')) {
    throw new UsageError('BAD_TARGET', `${where}: write an IPv6 address in brackets, e.g. redis://[::1]:6379`);
  }
  if (host === '') throw new UsageError('BAD_TARGET', `${where}: a port needs a host, e.g. redis://127.0.0.1:6379`);
  return { host, port: portNumber(hostport.slice(colon + 1), `${where}: port`) };
}

function splitUserinfo(userinfo: string | undefined, where: string): { username: string | undefined; password: string | undefined } {
  if (userinfo === undefined) return { username: undefined, password: undefined };
  const colon = userinfo.indexOf(':');
  const user = colon === -1 ? userinfo : userinfo.slice(0, colon);
  const secret = colon === -1 ? '' : userinfo.slice(colon + 1);
  const password = secret === '' ? undefined : decode(secret, `${where}: password`);
  // `redis://user@host` (no colon) names a user without a password, as redis-cli reads it.
  return { username: user === '' ? undefined : decode(user, `${where}: user name`), password };
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new UsageError('BAD_TARGET', `${what} is not valid percent-encoding (write % as %25)`);
  }
}

function parseParameters(query: string, where: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(query)) {
    if (!(PARAMETERS as readonly string[]).includes(name)) {
      throw new UsageError('BAD_TARGET', `${where}: unknown parameter '${name}'; valid parameters: ${PARAMETERS.join(', ')}`);
    }
    if (params.has(name)) throw new UsageError('BAD_TARGET', `${where}: parameter '${name}' is given more than once`);
    params.set(name, value);
  }
  return params;
}

function oneOf<T extends string>(value: string, valid: readonly T[], what: string): T {
  if ((valid as readonly string[]).includes(value)) return value as T;
  throw new UsageError('BAD_TARGET', `${what} '${value}' is not valid; use one of: ${valid.join(', ')}`);
}

function positiveInteger(text: string, what: string): number {
  const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UsageError('BAD_TARGET', `${what} '${text}' is not valid; use an integer from 1 to ${Number.MAX_SAFE_INTEGER}`);
  }
  return value;
}

function portNumber(text: string, what: string): number {
  const value = /^[0-9]{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= 65535)) throw new UsageError('BAD_TARGET', `${what} '${text}' is not valid; use an integer from 1 to 65535`);
  return value;
}

function databaseNumber(text: string, what: string): number {
  const value = /^[0-9]{1,9}$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(value)) throw new UsageError('BAD_TARGET', `${what} '${text}' is not valid; use a database number such as /0`);
  return value;
}

/** Field references are `{name}`; the pipeline resolves the names against the scenario. */
function checkKeyTemplate(template: string, what: string): void {
  if (template === '') throw new UsageError('BAD_TARGET', `${what} is empty; give a name such as ${DEFAULT_KEY_TEMPLATE}`);
  if (!/^(?:[^{}]|\{[^{}]+\})*$/.test(template)) {
    throw new UsageError('BAD_TARGET', `${what} '${template}' has unbalanced or empty braces; write fields as {name}, e.g. ${DEFAULT_KEY_TEMPLATE}`);
  }
}
