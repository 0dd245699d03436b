/**
 * What the Kafka client library's errors mean for the sink: retriable or not, and why, in
 * words a user can act on. The library nests errors; the leaves say what happened.
 */

export interface LeafError {
  readonly message: string;
  readonly apiId?: string;
  readonly canRetry?: boolean;
  readonly code?: string;
}

/** The library nests errors (MultipleErrors > ResponseError > ProtocolError); the leaves say what happened. */
export function leafErrors(error: unknown): LeafError[] {
  const nested = (error as { errors?: unknown[] } | undefined)?.errors;
  if (Array.isArray(nested) && nested.length > 0) return nested.flatMap(leafErrors);
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (cause instanceof Error && (error as { code?: string }).code === 'PLT_KFK_NETWORK') return [error as LeafError, ...leafErrors(cause)];
  return error instanceof Error ? [error] : [{ message: String(error) }];
}

/** Protocol errors say themselves whether a retry can help; network trouble and timeouts can. */
export function isRetriable(leaf: LeafError): boolean {
  if (leaf.apiId !== undefined) return leaf.canRetry === true || RETRIABLE_PROTOCOL_ERRORS.has(leaf.apiId);
  return !isAuthenticationFailure(leaf) && leaf.code !== 'PLT_KFK_USER' && leaf.code !== 'PLT_KFK_UNSUPPORTED_COMPRESSION';
}

/** Errors the library marks final although they pass once a restarted broker is back. */
export const RETRIABLE_PROTOCOL_ERRORS = new Set([
  'NOT_LEADER_OR_FOLLOWER',
  'LEADER_NOT_AVAILABLE',
  'NOT_ENOUGH_REPLICAS',
  'REQUEST_TIMED_OUT',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'KAFKA_STORAGE_ERROR',
  'UNKNOWN_TOPIC_OR_PARTITION',
]);

/** Node's codes for certificates that fail verification: waiting will not make them pass. */
export function isCertificateFailure(leaf: LeafError): boolean {
  return leaf.code !== undefined && /CERT|SIGNATURE|ALTNAME/.test(leaf.code);
}

export function isAuthenticationFailure(leaf: LeafError): boolean {
  return leaf.code === 'PLT_KFK_AUTHENTICATION' || leaf.apiId === 'SASL_AUTHENTICATION_FAILED' || leaf.apiId === 'UNSUPPORTED_SASL_MECHANISM';
}

const EXPLANATIONS: Record<string, string> = {
  INVALID_TIMESTAMP: 'record timestamps (event times) are outside what the topic accepts (message.timestamp.after.max.ms / before.max.ms)',
  MESSAGE_TOO_LARGE: 'a record batch is larger than the topic accepts (max.message.bytes); lower batch= or use compression',
  RECORD_LIST_TOO_LARGE: 'a record batch is larger than the topic accepts (max.message.bytes); lower batch=',
  TOPIC_AUTHORIZATION_FAILED: 'not authorized to write to the topic',
  CLUSTER_AUTHORIZATION_FAILED: 'not authorized for idempotent writes (IdempotentWrite); try idempotent=false',
};

/** A protocol error's name (as `protocolErrorsCodesById` gives it) in words. */
export function explain(apiId: string): string {
  return EXPLANATIONS[apiId] ?? apiId;
}

export function describe(leaves: readonly LeafError[]): string {
  const seen = new Set<string>();
  for (const leaf of leaves) {
    // Joined with "; ", so a sentence's own full stop would read as "failed.;".
    const text = (leaf.apiId !== undefined ? explain(leaf.apiId) : leaf.message).trim().replace(/\.+$/, '');
    if (leaf.apiId !== 'UNKNOWN_SERVER_ERROR' || leaves.length === 1) seen.add(text);
  }
  return [...seen].join('; ') || 'unknown error';
}
