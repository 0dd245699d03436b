/**
 * A small Schema Registry for the tests: the Confluent REST endpoints clickgen and the
 * independent decoding client (@kafkajs/confluent-schema-registry) use, on the loopback.
 * It can require basic auth and refuse schemas as incompatible, to test those errors.
 * Apicurio Registry could not be run from Maven Central here (docs/decisions.md).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RegisteredSchema {
  readonly id: number;
  readonly subject: string;
  readonly schema: string;
  readonly schemaType: string;
}

export interface RegistryDouble {
  readonly url: string;
  readonly registered: readonly RegisteredSchema[];
  /** Refuse the next registrations as incompatible (HTTP 409, Confluent's message). */
  refuse: boolean;
  /** Refuse a schema for a subject that already has another (as a registry whose compatibility rejects the change). */
  refuseChanges: boolean;
  close(): Promise<void>;
}

export async function startRegistryDouble(options: { user?: string; password?: string } = {}): Promise<RegistryDouble> {
  const registered: RegisteredSchema[] = [];
  const state = { refuse: false, refuseChanges: false };
  const expected = options.user === undefined ? null : `Basic ${Buffer.from(`${options.user}:${options.password ?? ''}`).toString('base64')}`;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const send = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
        res.end(JSON.stringify(body));
      };
      if (expected !== null && req.headers.authorization !== expected) return send(401, { error_code: 401, message: 'Unauthorized' });
      const url = new URL(req.url ?? '/', 'http://registry');
      const versions = /^\/subjects\/([^/]+)\/versions$/.exec(url.pathname);
      if (req.method === 'POST' && versions !== null) {
        const subject = decodeURIComponent(versions[1]);
        const body = JSON.parse(await readBody(req)) as { schema: string; schemaType?: string };
        const changed = state.refuseChanges && registered.some((r) => r.subject === subject && r.schema !== body.schema);
        if (state.refuse || changed) return send(409, { error_code: 409, message: `Schema being registered is incompatible with an earlier schema for subject "${subject}"` });
        const schemaType = body.schemaType ?? 'AVRO';
        const found = registered.find((r) => r.schema === body.schema && r.schemaType === schemaType);
        const id = found?.id ?? registered.length + 1;
        if (!registered.some((r) => r.subject === subject && r.id === id)) registered.push({ id, subject, schema: body.schema, schemaType });
        return send(200, { id });
      }
      const byId = /^\/schemas\/ids\/(\d+)$/.exec(url.pathname);
      if (req.method === 'GET' && byId !== null) {
        const found = registered.find((r) => r.id === Number(byId[1]));
        if (found === undefined) return send(404, { error_code: 40403, message: 'Schema not found' });
        return send(200, found.schemaType === 'AVRO' ? { schema: found.schema } : { schema: found.schema, schemaType: found.schemaType });
      }
      send(404, { error_code: 404, message: `no endpoint ${req.method} ${url.pathname}` });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    registered,
    get refuse() {
      return state.refuse;
    },
    set refuse(value: boolean) {
      state.refuse = value;
    },
    get refuseChanges() {
      return state.refuseChanges;
    },
    set refuseChanges(value: boolean) {
      state.refuseChanges = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
