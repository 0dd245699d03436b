/** `clickgen serve` defaults, apart from the server so that help text does not load it. */
export const SERVE_DEFAULTS = {
  host: '127.0.0.1',
  port: 8000,
  scenario: 'ecommerce',
  usersScenario: 'ecommerce-users',
  maxStreams: 64,
  tcpRate: 1_000,
  /** Streams start cold by default: a warm-up costs CPU per stream before its first event. */
  warmupEvents: 0,
} as const;
