/** `clickgen serve` defaults, apart from the server so that help text does not load it. */
export const SERVE_DEFAULTS = {
  host: '127.0.0.1',
  port: 8000,
  scenario: 'ecommerce',
  usersScenario: 'ecommerce-users',
  maxStreams: 64,
  tcpRate: 1_000,
} as const;
