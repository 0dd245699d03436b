import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import type { Clock } from '../clock/clock.js';
import { UsageError } from '../errors.js';
import type { CompiledScenario } from '../scenario/compile.js';
import { apiInfo } from './api-info.js';
import { bearerChecker } from './auth.js';
import type { CorsPolicy } from './cors.js';
import { sendError, sendJson } from './json-response.js';
import { ServerMetrics } from './metrics.js';
import { AheadPool } from '../pipeline/start-run.js';
import { ScenarioCache } from './scenario-cache.js';
import { checkStream, DRIFT_NOT_SERVED, serveStream, type StreamSpec } from './serve-stream.js';
import { reconnectsAfterEnd, sseEnd, sseOpening } from './sse-protocol.js';
import { BadParameter, parseStreamParams, type StreamParams } from './stream-params.js';
import { StreamRegistry } from './stream-registry.js';
import { isPagePath, StudioPage } from './ui/studio-page.js';

export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  /** Listen for socket readers (Spark's socket source) on this port too. */
  readonly tcpPort?: number;
  /** Events per second on each TCP connection. */
  readonly tcpRate: number;
  readonly interactionsScenario: string;
  readonly usersScenario: string;
  /** Default seed of every stream; each scenario's own seed when undefined. */
  readonly seed?: number;
  /** When set, every endpoint but /health needs `Authorization: Bearer <token>`. */
  readonly token?: string;
  readonly maxStreams: number;
  /**
   * Events of simulated history each paced stream spends before its first event, so it
   * starts with sessions in progress (see RealtimeOptions.warmupEvents); 0 starts cold.
   */
  readonly warmupEvents: number;
  readonly clock: Clock;
  /** Other origins whose pages may read the responses (`--cors`); none when undefined. */
  readonly cors?: CorsPolicy;
  /** Told about failures that end a stream early (the CLI prints them). */
  readonly onStreamError?: (error: Error, client: string) => void;
}

/** What the query of a page's stream may set: the scenario and seed come in its body. */
const PAGE_STREAM_PARAMETERS = ['rate', 'duration', 'count', 'format'] as const;

/** The fixed sample of /test-stream: the same events on every call. */
const SAMPLE = { count: 10, start: Date.UTC(2024, 0, 1) } as const;

/**
 * `clickgen serve`: the seed system's HTTP endpoints over node:http, plus a TCP
 * listener for socket readers. Every stream runs the same pipeline as `generate`.
 * Request bodies are never read: every endpoint is a GET with a query string.
 */
export class ClickgenServer {
  private readonly streams: StreamRegistry;
  private readonly metrics: ServerMetrics;
  private readonly running = new Set<Promise<unknown>>();
  private readonly tcpSockets = new Set<Socket>();
  private readonly authorized: ((request: IncomingMessage) => boolean) | null;
  private readonly names: readonly string[];
  private shuttingDown = false;
  private http: HttpServer | null = null;
  private tcp: TcpServer | null = null;
  /** The worker thread that simulates every paced stream: started with the server, so no stream waits for it. */
  private readonly pool = new AheadPool(SERVE_POOL);
  /** The page at /ui and its API. */
  private readonly page: StudioPage;

  private constructor(
    private readonly options: ServerOptions,
    private readonly scenarios: ScenarioCache,
    private readonly interactions: CompiledScenario,
  ) {
    this.streams = new StreamRegistry(options.maxStreams, options.clock);
    this.metrics = new ServerMetrics(this.streams, options.clock, interactions);
    this.authorized = options.token === undefined ? null : bearerChecker(options.token);
    this.names = [...new Set([...scenarios.names, options.interactionsScenario, options.usersScenario])];
    this.page = new StudioPage({
      interactionsScenario: options.interactionsScenario,
      tokenRequired: options.token !== undefined,
      stream: (request, response, url, scenario) => this.streamForPage(request, response, url, scenario),
    });
  }

  /** Compiles the default scenarios (a broken one fails here, not on the first request) and listens. */
  static async start(options: ServerOptions): Promise<ClickgenServer> {
    const scenarios = new ScenarioCache();
    // Each names the flag that gave it: serve takes two scenarios, and a message about the other one misleads.
    const interactions = scenarios.get(options.interactionsScenario, options.seed, `--scenario ${options.interactionsScenario}`);
    const users = scenarios.get(options.usersScenario, options.seed, `--users-scenario ${options.usersScenario}`);
    // Drift changes the records at event times of one run; a stream starts at every request.
    for (const [flag, given, scenario] of [['--scenario', options.interactionsScenario, interactions], ['--users-scenario', options.usersScenario, users]] as const) {
      if ((scenario.faults?.drift.length ?? 0) > 0) throw new UsageError('BAD_FLAG', `${flag} ${given}: ${DRIFT_NOT_SERVED}`);
    }
    const server = new ClickgenServer(options, scenarios, interactions);
    const http = createHttpServer((request, response) => server.handle(request, response));
    server.http = http;
    try {
      await listen(http, options.host, options.port, '--port');
      if (options.tcpPort !== undefined) {
        const tcp = createTcpServer((socket) => server.handleSocket(socket));
        await listen(tcp, options.host, options.tcpPort, '--tcp-port');
        server.tcp = tcp;
      }
    } catch (error) {
      await close(http);
      await server.pool.close();
      throw error;
    }
    return server;
  }

  get httpPort(): number {
    return (this.http!.address() as AddressInfo).port;
  }

  get tcpPort(): number | null {
    return this.tcp === null ? null : (this.tcp.address() as AddressInfo).port;
  }

  /**
   * Stops taking streams, ends every stream with whole records, closes every socket.
   * Resolves within `graceMs` plus a moment, whatever the clients do.
   */
  async shutdown(graceMs = 4_000): Promise<void> {
    this.shuttingDown = true;
    const closed = Promise.all([close(this.http), close(this.tcp)]);
    this.http?.closeIdleConnections();
    this.streams.stopAll();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled([...this.running]), deadline]);
    clearTimeout(timer);
    this.http?.closeAllConnections();
    for (const socket of this.tcpSockets) socket.destroy();
    await closed;
    await Promise.all([this.pool.close(), this.page.close()]);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const page = isPagePath(url.pathname);
    // Only the page's API reads bodies (pasted scenarios); elsewhere draining keeps the connection usable.
    if (!page || this.shuttingDown) request.resume();
    this.options.cors?.allow(request, response);
    if (this.shuttingDown) return sendError(response, 503, 'SHUTTING_DOWN', 'the server is shutting down', {}, { Connection: 'close' });
    // A preflight: its CORS headers (when the origin is allowed) are the whole answer.
    if (request.method === 'OPTIONS' && this.options.cors !== undefined) return void response.writeHead(204).end();
    if (page) return this.page.handle(request, response, url, this.authorized);
    if (request.method !== 'GET') return sendError(response, 405, 'METHOD_NOT_ALLOWED', `${request.method}: the endpoints answer GET only`, {}, { Allow: 'GET' });
    if (url.pathname === '/health') return sendJson(response, 200, { status: 'ok', uptime_seconds: this.metrics.json().uptime_seconds });
    if (this.authorized !== null && !this.authorized(request)) {
      return sendError(response, 401, 'UNAUTHORIZED', 'this server needs the header Authorization: Bearer <token>', {}, { 'WWW-Authenticate': 'Bearer' });
    }
    switch (url.pathname) {
      case '/':
        return sendJson(response, 200, this.info());
      case '/metrics':
        return sendJson(response, 200, this.metrics.json());
      case '/metrics/prometheus':
        return void this.metrics.prometheusText().then(
          ({ contentType, body }) => {
            response.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
            response.end(body);
          },
          (error: unknown) => {
            response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
            response.end(`metrics failed: ${(error as Error).message}\n`);
          },
        );
      case '/stream/interactions':
        return this.stream(request, response, url, this.options.interactionsScenario);
      case '/stream/users':
        return this.stream(request, response, url, this.options.usersScenario);
      case '/test-stream':
        return this.stream(request, response, url, this.options.interactionsScenario, true);
      default:
        return sendError(response, 404, 'NOT_FOUND', `${url.pathname}: no such endpoint; GET / lists them`);
    }
  }

  private stream(request: IncomingMessage, response: ServerResponse, url: URL, defaultScenario: string, sample = false): void {
    let params: StreamParams;
    let scenario: CompiledScenario;
    let scenarioName: string;
    try {
      params = parseStreamParams(url.searchParams, this.names, sample ? ['format'] : undefined);
      scenarioName = params.scenario ?? defaultScenario;
      scenario = this.scenarios.get(scenarioName, sample ? undefined : (params.seed ?? this.options.seed));
    } catch (error) {
      if (error instanceof BadParameter) return sendBadInput(response, error);
      if (error instanceof UsageError) return sendError(response, 500, error.code, error.message);
      throw error;
    }
    this.serve(request, response, url.pathname, scenario, params, sample);
  }

  /**
   * A stream of a scenario the page sent (pasted, or a built-in with `--set` values), compiled
   * by the page: its rate, duration, count and format come from the query as for any stream.
   */
  private streamForPage(request: IncomingMessage, response: ServerResponse, url: URL, scenario: CompiledScenario): void {
    let params: StreamParams;
    try {
      params = parseStreamParams(url.searchParams, this.names, PAGE_STREAM_PARAMETERS);
    } catch (error) {
      if (error instanceof BadParameter) return sendBadInput(response, error);
      throw error;
    }
    this.serve(request, response, url.pathname, scenario, params, false);
  }

  private serve(request: IncomingMessage, response: ServerResponse, path: string, scenario: CompiledScenario, params: StreamParams, sample: boolean): void {
    const sse = (request.headers.accept ?? '').includes('text/event-stream');
    if (sse && reconnectsAfterEnd(request)) return void response.writeHead(204, { 'Cache-Control': 'no-store' }).end();
    // The start is fixed here: the stream is checked against the times it will run at.
    const start = sample ? SAMPLE.start : Math.floor(this.options.clock.now());
    const spec: StreamSpec = sample
      ? { scenario, format: params.format, sse, rate: null, count: SAMPLE.count, start }
      : { scenario, format: params.format, sse, rate: params.rate, count: params.count, durationMs: params.duration * 1000, start, warmupEvents: this.options.warmupEvents };
    try {
      checkStream(spec, start);
    } catch (error) {
      if (error instanceof UsageError) return sendBadInput(response, error);
      throw error;
    }
    const id = this.streams.admit();
    if (id === null) {
      return sendError(response, 429, 'TOO_MANY_STREAMS', `the server serves at most ${this.streams.maxStreams} streams at once; try again when one ends`, { max_streams: this.streams.maxStreams }, { 'Retry-After': '1' });
    }
    response.writeHead(200, {
      'Content-Type': sse ? 'text/event-stream; charset=utf-8' : params.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...(sse ? { 'X-Accel-Buffering': 'no' } : {}),
    });
    // Headers now, so a client sees the stream open before the first (maybe slow) event.
    if (sse) response.write(sseOpening());
    else response.flushHeaders();
    const client = `${request.socket.remoteAddress ?? '?'}:${request.socket.remotePort ?? '?'}`;
    this.track(
      serveStream(response, spec, { id, path, client, clock: this.options.clock, registry: this.streams, pool: this.pool }).then(
        (summary) => {
          if (sse && !response.destroyed) response.write(sseEnd(summary));
          response.end();
        },
        (error: unknown) => {
          this.options.onStreamError?.(error as Error, client);
          response.destroy();
        },
      ),
    );
  }

  private handleSocket(socket: Socket): void {
    // A reader that resets the connection must not take the server down.
    socket.on('error', () => socket.destroy());
    const id = this.shuttingDown ? null : this.streams.admit();
    if (id === null) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    this.tcpSockets.add(socket);
    const client = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    const spec: StreamSpec = { scenario: this.interactions, format: 'ndjson', sse: false, rate: this.options.tcpRate, warmupEvents: this.options.warmupEvents };
    this.track(
      serveStream(socket, spec, { id, path: 'tcp', client, clock: this.options.clock, registry: this.streams, pool: this.pool }).then(
        () => {
          socket.end();
        },
        (error: unknown) => {
          this.options.onStreamError?.(error as Error, client);
          socket.destroy();
        },
      ),
    );
    socket.once('close', () => this.tcpSockets.delete(socket));
  }

  private track(stream: Promise<void>): void {
    this.running.add(stream);
    void stream.finally(() => this.running.delete(stream));
  }

  private info(): Record<string, unknown> {
    const tcpPort = this.tcpPort;
    return apiInfo({
      interactionsScenario: this.options.interactionsScenario,
      usersScenario: this.options.usersScenario,
      scenarios: this.names,
      maxStreams: this.streams.maxStreams,
      tokenRequired: this.authorized !== null,
      tcp: tcpPort === null ? null : { host: this.options.host, port: tcpPort, rate: this.options.tcpRate },
    });
  }
}

/**
 * The streams' simulation thread: each stream at most 50,000 events/s, and the server small.
 * V8's default young generation of 32 MB or more would alone take a sixth of the 200 MB a
 * server with a slow client is held to.
 */
const SERVE_POOL = { aheadMs: 1_000, youngGenerationMb: 6 };

const HOST_ERRORS: ReadonlySet<string> = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EADDRNOTAVAIL']);

function listen(server: HttpServer | TcpServer, host: string, port: number, flag: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      // A name that does not resolve, or an address this machine does not have, is the host's fault; the rest the port's.
      const input = HOST_ERRORS.has(error.code ?? '') ? `--host ${host}` : `${flag} ${port}`;
      reject(new UsageError('LISTEN_FAILED', `${input}: cannot listen on ${host}:${port} (${error.code ?? error.message})`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function close(server: HttpServer | TcpServer | null): Promise<void> {
  return new Promise((resolve) => (server === null || !server.listening ? resolve() : server.close(() => resolve())));
}

/** 400: the one-line message, and for a query parameter its name, value and valid values. */
function sendBadInput(response: ServerResponse, error: UsageError): void {
  const details = error instanceof BadParameter ? { parameter: error.parameter, value: error.value, valid: error.valid } : {};
  sendError(response, 400, error.code, error.message, details);
}
