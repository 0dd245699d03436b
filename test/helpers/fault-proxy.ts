/**
 * A TCP proxy between a client and a real server that can lose replies on purpose: requests
 * still reach the server (and are executed) while its answers are dropped, then every
 * connection is cut. This is the one failure that makes a client unsure whether its last
 * commands were applied; it is hard to produce with a real server restart on demand.
 */
import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';

export interface FaultProxy {
  readonly port: number;
  /** From now on, replies from the server are discarded instead of forwarded. */
  dropReplies(): void;
  /** Closes every open connection; new connections are forwarded normally again. */
  cutConnections(): void;
  /** Reply bytes discarded so far. */
  readonly droppedBytes: number;
  close(): Promise<void>;
}

export async function startFaultProxy(host: string, port: number): Promise<FaultProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let dropping = false;
  let droppedBytes = 0;
  const server = createServer((client) => {
    const upstream = createConnection({ host, port });
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (dropping) droppedBytes += chunk.length;
      else client.write(chunk);
    });
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  const cutConnections = (): void => {
    for (const [client, upstream] of pairs) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
    dropping = false;
  };
  return {
    port: address.port,
    dropReplies() {
      dropping = true;
    },
    cutConnections,
    get droppedBytes() {
      return droppedBytes;
    },
    async close() {
      cutConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
