import { systemClock } from '../clock/clock.js';
import { UsageError } from '../errors.js';
import { parseCors } from '../server/cors.js';
import { ClickgenServer } from '../server/server.js';
import { LIMITS } from '../server/stream-params.js';
import { writeLine, type CliIo } from './io.js';
import { SERVE_DEFAULTS } from './serve-defaults.js';
import { parseNonNegativeInteger, parseNumberInRange, parsePositiveInteger } from './parse-flags.js';

export interface ServeFlags {
  readonly host?: string;
  readonly port?: string;
  readonly scenario?: string;
  readonly usersScenario?: string;
  readonly seed?: string;
  readonly token?: string;
  readonly maxStreams?: string;
  readonly tcpPort?: string;
  readonly tcpRate?: string;
  readonly warmupEvents?: string;
  readonly cors?: string;
  readonly quiet?: boolean;
}


const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Serves until SIGINT or SIGTERM, then ends every stream with whole records and returns 0. */
export async function serve(flags: ServeFlags, io: CliIo): Promise<number> {
  const port = flags.port === undefined ? SERVE_DEFAULTS.port : parsePort('--port', flags.port);
  const tcpPort = flags.tcpPort === undefined ? undefined : parsePort('--tcp-port', flags.tcpPort);
  const tcpRate = flags.tcpRate === undefined ? SERVE_DEFAULTS.tcpRate : parseNumberInRange('--tcp-rate', flags.tcpRate, LIMITS.rate.min, LIMITS.rate.max);
  const maxStreams = flags.maxStreams === undefined ? SERVE_DEFAULTS.maxStreams : parsePositiveInteger('--max-streams', flags.maxStreams);
  const seed = flags.seed === undefined ? undefined : parseNonNegativeInteger('--seed', flags.seed);
  const warmupEvents = flags.warmupEvents === undefined ? SERVE_DEFAULTS.warmupEvents : parseNonNegativeInteger('--warmup-events', flags.warmupEvents);
  const token = flags.token ?? io.env.CLICKGEN_TOKEN;
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) throw new UsageError('BAD_FLAG', '--token: must be printable ASCII without spaces (it travels in an HTTP header)');
  const host = flags.host ?? SERVE_DEFAULTS.host;
  const cors = flags.cors === undefined ? undefined : parseCors(flags.cors);

  const server = await ClickgenServer.start({
    host,
    port,
    tcpPort,
    tcpRate,
    interactionsScenario: flags.scenario ?? SERVE_DEFAULTS.scenario,
    usersScenario: flags.usersScenario ?? SERVE_DEFAULTS.usersScenario,
    seed,
    token: token === '' ? undefined : token,
    maxStreams,
    warmupEvents,
    cors,
    clock: systemClock,
    onStreamError: (error, client) => writeLine(io.stderr, `clickgen: stream to ${client} failed: ${error.message}`),
  });
  const shown = host.includes(':') ? `[${host}]` : host;
  if (flags.quiet !== true) {
    const tcp = server.tcpPort === null ? '' : ` and tcp://${shown}:${server.tcpPort}`;
    writeLine(io.stderr, `clickgen: serving http://${shown}:${server.httpPort}${tcp}`);
    if (!LOOPBACK.has(host) && token === undefined) writeLine(io.stderr, `clickgen: warning: listening on ${host} without --token: anyone who can reach it can stream`);
  }
  const signal = await firstSignal();
  if (flags.quiet !== true) writeLine(io.stderr, `clickgen: ${signal}: ending streams`);
  await server.shutdown();
  return 0;
}

/** Resolves on the first SIGINT or SIGTERM; a second one gets Node's default (the process ends at once). */
function firstSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

function parsePort(flag: string, text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port <= 65_535)) throw new UsageError('BAD_FLAG', `${flag} ${text}: must be a port number from 0 to 65535 (0 picks a free port)`);
  return port;
}
