/**
 * Starts a private `redis-server` for a test: loopback only, a free port, its own temporary
 * directory, no persistence unless asked. It can be stopped (gracefully or by SIGKILL) and
 * started again on the same port, which is how the sink's reconnection is tested.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { connect as tlsConnect } from 'node:tls';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RedisServerOptions {
  /** Sets `requirepass`: clients must authenticate. */
  readonly password?: string;
  /**
   * `none` (default): `--save '' --appendonly no`, data lives only in memory.
   * `aof`: append-only file with `appendfsync always`, so every write the server acknowledged
   * survives a SIGKILL and is there again after `start()`.
   */
  readonly persistence?: 'none' | 'aof';
  /** Serve TLS only, with a fresh self-signed certificate for localhost and 127.0.0.1 (`caFile`). */
  readonly tls?: boolean;
}

export interface RedisServer {
  readonly host: string;
  readonly port: number;
  /** `redis://[:password@]127.0.0.1:port`, suitable for node-redis `createClient({ url })`. */
  readonly url: string;
  /** The certificate a TLS server presents; trust it to connect with `rediss://`. */
  readonly caFile: string | undefined;
  /** Process id of the running server (undefined while stopped), e.g. to read its CPU time. */
  readonly pid: number | undefined;
  /** Stops the server: SIGTERM shuts down cleanly, SIGKILL simulates a crash. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port with the same data directory. */
  start(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open, nothing is answered. */
  pause(): void;
  /** Lets a paused server run again (SIGCONT). */
  resume(): void;
  /** Stops the server (if running) and deletes its data directory. */
  dispose(): Promise<void>;
}

const BINARY = 'redis-server';
const READY_TIMEOUT_MS = 10_000;

/** Throws a clear error when redis-server is not installed (tests skip before, see requirement.ts). */
export function assertRedisServerInstalled(): void {
  const probe = spawnSync(BINARY, ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(
      `${BINARY} is not installed or does not run (${probe.error?.message ?? `exit ${String(probe.status)}`}); ` +
        'install it with `apt-get install -y redis-server` (the Redis sink tests need a real server)',
    );
  }
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  assertRedisServerInstalled();
  const dir = await mkdtemp(join(tmpdir(), 'clickgen-redis-'));
  const host = '127.0.0.1';
  let port = 0;
  let child: ChildProcess | undefined;

  const caFile = options.tls === true ? makeCertificate(dir) : undefined;
  const args = (): string[] => {
    const list = ['--bind', host, '--dir', dir, '--save', '', '--daemonize', 'no'];
    if (caFile === undefined) list.push('--port', String(port));
    else list.push('--port', '0', '--tls-port', String(port), '--tls-cert-file', caFile, '--tls-key-file', join(dir, 'key.pem'), '--tls-auth-clients', 'no');
    list.push('--loglevel', 'warning', '--logfile', '');
    if (options.persistence === 'aof') list.push('--appendonly', 'yes', '--appendfsync', 'always');
    else list.push('--appendonly', 'no');
    if (options.password !== undefined) list.push('--requirepass', options.password);
    return list;
  };

  const launch = async (): Promise<void> => {
    const proc = spawn(BINARY, args(), { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-4000);
    };
    proc.stdout.on('data', collect);
    proc.stderr.on('data', collect);
    const exited = once(proc, 'exit').then(() => {
      throw new Error(`${BINARY} on port ${port} exited during start: ${output.trim()}`);
    });
    exited.catch(() => undefined);
    await Promise.race([waitUntilServing(host, port, caFile !== undefined), exited]);
  };

  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    const proc = child;
    child = undefined;
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = once(proc, 'exit');
    proc.kill(signal);
    // A paused server cannot act on SIGTERM until it runs again.
    proc.kill('SIGCONT');
    await exited;
  };

  // Another process may take a free port between probing and binding it: try a few.
  for (let attempt = 0; ; attempt++) {
    port = await freePort(host);
    try {
      await launch();
      break;
    } catch (error) {
      await stop('SIGKILL');
      if (attempt >= 4) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const killOnExit = (): void => {
    child?.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const auth = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  return {
    host,
    port,
    url: `${caFile === undefined ? 'redis' : 'rediss'}://${auth}${host}:${port}`,
    caFile,
    get pid() {
      return child?.pid;
    },
    stop,
    start: launch,
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    async dispose() {
      await stop('SIGKILL');
      process.removeListener('exit', killOnExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function freePort(host: string): Promise<number> {
  const server = createServer();
  server.listen(0, host);
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

function makeCertificate(dir: string): string {
  const certificate = join(dir, 'cert.pem');
  const made = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', certificate],
    { encoding: 'utf8' },
  );
  if (made.error !== undefined || made.status !== 0) throw new Error(`openssl could not make a test certificate: ${made.error?.message ?? made.stderr}`);
  return certificate;
}

/** Polls with PING until the server answers (any reply, NOAUTH included, means it is serving commands). */
async function waitUntilServing(host: string, port: number, tls: boolean): Promise<void> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  for (;;) {
    const reply = await ping(host, port, tls).catch(() => null);
    if (reply !== null && !reply.startsWith('-LOADING')) return;
    if (performance.now() > deadline) throw new Error(`${BINARY} did not start serving on ${host}:${port}`);
    await sleep(20);
  }
}

function ping(host: string, port: number, tls: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    // The readiness probe does not check the certificate; the tests that use TLS do.
    const socket = tls ? tlsConnect({ host, port, rejectUnauthorized: false }) : createConnection({ host, port });
    let reply = '';
    socket.setTimeout(1000, () => socket.destroy(new Error('ping timed out')));
    socket.on(tls ? 'secureConnect' : 'connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) {
        socket.destroy();
        resolve(reply);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('closed before a reply')));
  });
}
