/**
 * The few calls of the Confluent Schema Registry REST API clickgen makes, over plain HTTP
 * (fetch): register a schema under a subject and get its id. Apicurio Registry serves the
 * same API under /apis/ccompat/v7, so the registry URL may carry a path.
 */
import { RunError, UsageError } from '../errors.js';

export type RegistrySchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

export interface RegistryConnection {
  /** Base URL without credentials, e.g. http://127.0.0.1:8081 or http://host/apis/ccompat/v7. */
  readonly url: string;
  readonly auth: { readonly user: string; readonly password: string } | undefined;
  /** How long one request may take. */
  readonly timeoutMs: number;
}

/**
 * Registers `schema` under `subject` (or finds it there) and returns its id. A refusal
 * (an incompatible or invalid schema, bad credentials) is bad input with the registry's
 * own message; a registry that does not answer, or answers with a server error, is a
 * failure of the run.
 */
export async function registerSchema(registry: RegistryConnection, subject: string, schema: string, schemaType: RegistrySchemaType): Promise<number> {
  const url = `${registry.url.replace(/\/+$/, '')}/subjects/${encodeURIComponent(subject)}/versions`;
  const body: Record<string, string> = { schema };
  if (schemaType !== 'AVRO') body.schemaType = schemaType;
  const headers: Record<string, string> = { 'content-type': 'application/vnd.schemaregistry.v1+json', accept: 'application/vnd.schemaregistry.v1+json, application/json' };
  if (registry.auth !== undefined) headers.authorization = `Basic ${Buffer.from(`${registry.auth.user}:${registry.auth.password}`).toString('base64')}`;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(registry.timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new RunError('REGISTRY_FAILED', `schema registry ${registry.url}: cannot register subject ${subject}: ${cause?.code ?? cause?.message ?? (error as Error).message}`, true, { cause: error });
  }
  const text = await response.text();
  const message = registryMessage(text);
  if (response.status === 401 || response.status === 403) {
    throw new UsageError('SCHEMA_REJECTED', `schema registry ${registry.url}: refused the credentials (HTTP ${response.status}${message === '' ? '' : `: ${message}`})${registry.auth === undefined ? '; give them as registry=http://USER:PASSWORD@HOST:PORT' : ''}`);
  }
  if (response.status >= 400 && response.status < 500) {
    throw new UsageError('SCHEMA_REJECTED', `schema registry ${registry.url}: refused the schema for subject ${subject} (HTTP ${response.status}${message === '' ? '' : `: ${message}`})`);
  }
  const id = response.ok ? (parseJson(text) as { id?: unknown } | undefined)?.id : undefined;
  if (typeof id !== 'number' || !Number.isInteger(id)) {
    throw new RunError('REGISTRY_FAILED', `schema registry ${registry.url}: registering subject ${subject} answered HTTP ${response.status}${message === '' ? '' : `: ${message}`}`);
  }
  return id;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The registry's `message` (Confluent and Apicurio both send one), else the start of the body, on one line. */
function registryMessage(text: string): string {
  const body = parseJson(text) as { message?: unknown } | undefined;
  const message = typeof body?.message === 'string' ? body.message : text;
  return message.replace(/\s+/g, ' ').trim().slice(0, 500);
}
