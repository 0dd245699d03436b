import type { IncomingMessage, ServerResponse } from 'node:http';
import { UsageError } from '../errors.js';

/** Which other origins' pages may read the server's responses (`--cors`). */
export interface CorsPolicy {
  /** Adds the CORS headers a response to `request` needs, when its origin is allowed. */
  allow(request: IncomingMessage, response: ServerResponse): boolean;
}

/** Request headers a page may send: the token, SSE's reconnect id, the page's JSON and YAML bodies. */
const ALLOWED_HEADERS = 'Authorization, Accept, Content-Type, Last-Event-ID';
/** Seconds a browser may keep a preflight's answer. */
const MAX_AGE = 600;

/**
 * Parses `--cors ORIGIN[,ORIGIN...]`: each an origin as a browser sends it
 * (`https://example.com`, `http://localhost:5173`), or `*` for any origin.
 */
export function parseCors(text: string): CorsPolicy {
  const origins = text.split(',').map((o) => o.trim());
  for (const origin of origins) {
    if (origin !== '*' && !isOrigin(origin)) {
      throw new UsageError('BAD_FLAG', `--cors ${text}: "${origin}" is not an origin; give scheme://host[:port] without a path (https://example.com, http://localhost:5173), a comma-separated list, or *`);
    }
  }
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return {
    allow(request, response) {
      const origin = request.headers.origin;
      if (origin === undefined || !(any || allowed.has(origin))) return false;
      // The answer depends on the Origin header: caches must keep one per origin.
      response.setHeader('Vary', 'Origin');
      response.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
      if (request.method === 'OPTIONS') {
        response.setHeader('Access-Control-Allow-Methods', 'GET, POST');
        response.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        response.setHeader('Access-Control-Max-Age', String(MAX_AGE));
      }
      return true;
    },
  };
}

function isOrigin(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text;
}
