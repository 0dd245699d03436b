import type { Registry } from 'prom-client';
import type { Clock } from '../clock/clock.js';
import type { CompiledScenario } from '../scenario/compile.js';
import type { StreamRegistry } from './stream-registry.js';

/** The JSON of GET /metrics: the seed system's fields first, then clickgen's own. */
export interface MetricsJson {
  cached_users: number;
  cached_products: number;
  initialized: boolean;
  uptime_seconds: number;
  active_connections: number;
  events_sent: number;
  bytes_sent: number;
  streams_started: number;
  streams_rejected: number;
  max_streams: number;
  streams: {
    id: number;
    path: string;
    scenario: string;
    format: string;
    client: string;
    seconds: number;
    events: number;
    bytes: number;
    target_rate: number | null;
    achieved_rate: number;
    behind_seconds: number;
  }[];
}

const round = (value: number, places: number): number => Math.round(value * 10 ** places) / 10 ** places;

/**
 * Server metrics, as JSON and in Prometheus text. Nothing is counted per event: every
 * figure is read from the stream registry when metrics are asked for.
 */
export class ServerMetrics {
  private readonly started: number;
  private prometheus: Promise<Registry> | null = null;

  constructor(
    private readonly streams: StreamRegistry,
    private readonly clock: Clock,
    /** The default interactions scenario: the seed's cached users and products. */
    private readonly scenario: CompiledScenario,
  ) {
    this.started = clock.now();
  }

  private uptimeSeconds(): number {
    return (this.clock.now() - this.started) / 1000;
  }

  json(): MetricsJson {
    const totals = this.streams.totals();
    const now = this.clock.now();
    return {
      cached_users: this.scenario.population.users,
      cached_products: cachedProducts(this.scenario),
      initialized: true,
      uptime_seconds: round(this.uptimeSeconds(), 1),
      active_connections: this.streams.size,
      events_sent: totals.events,
      bytes_sent: totals.bytes,
      streams_started: totals.started,
      streams_rejected: totals.rejected,
      max_streams: this.streams.maxStreams,
      streams: this.streams.streams().map((s) => {
        const stats = s.stats();
        return {
          id: s.id,
          path: s.path,
          scenario: s.scenario,
          format: s.format,
          client: s.client,
          seconds: round((now - s.started) / 1000, 3),
          events: stats.delivered,
          bytes: stats.bytes,
          target_rate: s.targetRate,
          achieved_rate: round(this.streams.achievedRate(s), 1),
          behind_seconds: round(this.streams.behindSeconds(s), 3),
        };
      }),
    };
  }

  /** Prometheus text exposition from a private registry (the process's default registry stays untouched). */
  async prometheusText(): Promise<{ contentType: string; body: string }> {
    const registry = await (this.prometheus ??= this.buildRegistry());
    return { contentType: registry.contentType, body: await registry.metrics() };
  }

  private async buildRegistry(): Promise<Registry> {
    // Loaded on the first scrape only: the CLI starts without it.
    const { Counter, Gauge, Registry } = await import('prom-client');
    const registry = new Registry();
    const streams = this.streams;
    const uptime = (): number => this.uptimeSeconds();
    new Gauge({ name: 'clickgen_uptime_seconds', help: 'Seconds since the server started.', registers: [registry], collect() { this.set(uptime()); } });
    new Gauge({ name: 'clickgen_active_streams', help: 'Streams being served (HTTP and TCP).', registers: [registry], collect() { this.set(streams.size); } });
    new Gauge({ name: 'clickgen_max_streams', help: 'Concurrent streams allowed.', registers: [registry], collect() { this.set(streams.maxStreams); } });
    const total = (name: string, help: string, read: () => number): void => {
      new Counter({ name, help, registers: [registry], collect() { this.reset(); this.inc(read()); } });
    };
    total('clickgen_events_sent_total', 'Events delivered to clients.', () => streams.totals().events);
    total('clickgen_bytes_sent_total', 'Bytes of events delivered to clients.', () => streams.totals().bytes);
    total('clickgen_streams_started_total', 'Streams started.', () => streams.totals().started);
    total('clickgen_streams_rejected_total', 'Streams refused because the concurrent-stream cap was reached.', () => streams.totals().rejected);
    const perStream = (name: string, help: string, read: (s: ReturnType<StreamRegistry['streams']>[number]) => number | null): void => {
      new Gauge({
        name,
        help,
        labelNames: ['stream', 'path', 'scenario'],
        registers: [registry],
        collect() {
          this.reset();
          for (const s of streams.streams()) {
            const value = read(s);
            if (value !== null) this.set({ stream: String(s.id), path: s.path, scenario: s.scenario }, value);
          }
        },
      });
    };
    perStream('clickgen_stream_target_rate', 'Events per second a stream was asked for.', (s) => s.targetRate);
    perStream('clickgen_stream_achieved_rate', 'Events per second a stream has delivered since it started.', (s) => streams.achievedRate(s));
    perStream('clickgen_stream_behind_seconds', 'Seconds of events a stream is behind its schedule (a slow reader).', (s) => streams.behindSeconds(s));
    return registry;
  }
}

/** Rows of the scenario's `products` catalog, or of all its catalogs when it has none by that name. */
function cachedProducts(scenario: CompiledScenario): number {
  const products = scenario.catalogs.get('products');
  if (products !== undefined) return products.rows.length;
  let rows = 0;
  for (const catalog of scenario.catalogs.values()) rows += catalog.rows.length;
  return rows;
}
