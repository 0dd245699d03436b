import type { IncomingMessage } from 'node:http';
import type { RunSummary } from '../pipeline/start-run.js';
import { sseMessage } from '../encode/sse.js';

/**
 * What a browser's EventSource needs beyond the records, so that a page never replays a
 * finished stream (docs/server.md, "Server-Sent Events in a browser"):
 * - the stream opens with `retry:`, the wait before the browser reconnects after a
 *   connection that broke before the end;
 * - it ends with `event: end` carrying `id: end`; a page closes its EventSource there;
 * - a browser that reconnects anyway sends `Last-Event-ID: end` and gets 204 No Content,
 *   which makes EventSource stop for good.
 */
export const SSE_RETRY_MS = 5_000;

const END_ID = 'end';

/** The first bytes of every SSE stream. */
export function sseOpening(): string {
  return `retry: ${SSE_RETRY_MS}\n\n`;
}

/** The last message of every SSE stream. */
export function sseEnd(summary: RunSummary): string {
  return `id: ${END_ID}\n${sseMessage('end', { events: summary.delivered, ended: summary.ended })}`;
}

/** Whether this request is a browser reconnecting to a stream it already saw end. */
export function reconnectsAfterEnd(request: IncomingMessage): boolean {
  return request.headers['last-event-id'] === END_ID;
}
