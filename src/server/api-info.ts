import { VERSION } from '../version.js';
import { LIMITS, PARAMETERS } from './stream-params.js';
import { PAGE_FILE_PATHS } from './ui/page-files.js';

export interface ApiInfoOptions {
  readonly interactionsScenario: string;
  readonly usersScenario: string;
  readonly scenarios: readonly string[];
  readonly maxStreams: number;
  readonly tokenRequired: boolean;
  readonly tcp: { readonly host: string; readonly port: number; readonly rate: number } | null;
}

/** GET /: what the server offers, its parameters and limits. */
export function apiInfo(options: ApiInfoOptions): Record<string, unknown> {
  const streamParameters = { ...PARAMETERS };
  return {
    name: 'clickgen',
    version: VERSION,
    description: 'Realistic, deterministic clickstream events streamed over HTTP (NDJSON, CSV or Server-Sent Events) and TCP.',
    endpoints: [
      {
        path: '/stream/interactions',
        description: `events of the ${options.interactionsScenario} scenario, paced at the rate asked for`,
        parameters: streamParameters,
      },
      { path: '/stream/users', description: `user profile records of the ${options.usersScenario} scenario, paced the same way`, parameters: streamParameters },
      { path: '/test-stream', description: 'a short fixed sample: the same 10 events on every call, at once', parameters: { format: PARAMETERS.format } },
      { path: '/metrics', description: 'server and per-stream figures as JSON' },
      { path: '/metrics/prometheus', description: 'the same figures in Prometheus text format' },
      { path: '/ui', description: 'a page for people: scenario diagrams, previews with funnels, live streams (its files need no token, its API does)' },
      { path: '/health', description: 'liveness; never needs a token' },
      { path: '/', description: 'this document' },
    ],
    streaming: {
      formats: ['application/x-ndjson (format=ndjson, default)', 'text/csv (format=csv)', 'text/event-stream (request header Accept: text/event-stream)'],
      server_sent_events:
        'each record is one message, "data: <record>"; the stream opens with "retry: 5000" and ends with an "end" event (id "end"): close the EventSource on it; a reconnect with Last-Event-ID: end gets 204',
      backpressure: 'a client that reads slower than the rate is waited for; its events keep their due times and its achieved rate drops',
    },
    limits: {
      rate: { min: LIMITS.rate.min, max: LIMITS.rate.max, default: LIMITS.rate.default, unit: 'events per second' },
      duration: { min: LIMITS.duration.min, max: LIMITS.duration.max, default: LIMITS.duration.default, unit: 'seconds' },
      max_concurrent_streams: options.maxStreams,
    },
    scenarios: { interactions: options.interactionsScenario, users: options.usersScenario, available: options.scenarios },
    auth: options.tokenRequired ? { scheme: 'Bearer', header: 'Authorization: Bearer <token>', exempt: ['/health', ...PAGE_FILE_PATHS] } : null,
    tcp:
      options.tcp === null
        ? null
        : { host: options.tcp.host, port: options.tcp.port, rate: options.tcp.rate, description: 'newline-delimited JSON events per connection, for Spark readStream.format("socket")' },
  };
}
