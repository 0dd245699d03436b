import { systemClock } from '../../src/clock/clock.js';
import { ClickgenServer, type ServerOptions } from '../../src/server/server.js';
import { TEST_SCENARIO } from './scenarios.js';

/** A server on a free port of 127.0.0.1, serving the test scenario on every endpoint. */
export async function startServer(options: Partial<ServerOptions> = {}): Promise<{ server: ClickgenServer; base: string }> {
  const server = await ClickgenServer.start({
    host: '127.0.0.1',
    port: 0,
    tcpRate: 1_000,
    interactionsScenario: TEST_SCENARIO,
    usersScenario: TEST_SCENARIO,
    maxStreams: 64,
    warmupEvents: 0,
    clock: systemClock,
    ...options,
  });
  return { server, base: `http://127.0.0.1:${server.httpPort}` };
}
