import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UsageError } from '../../errors.js';
import { listBuiltins } from '../../scenario/load.js';
import { sendError, sendJson } from '../json-response.js';
import type { PageRoute } from './page-answers.js';
import { loadPageFiles, type PageFile } from './page-files.js';
import { PageThread } from './page-thread.js';
import { parsePageRequest, PREVIEW_DEFAULT_EVENTS, PREVIEW_DEFAULT_START, PREVIEW_MAX_EVENTS, type PageRequest } from './page-request.js';
import { BodyTooLarge, readBody } from './request-body.js';
import { pageScenario } from './page-scenario.js';
import type { CompiledScenario } from '../../scenario/compile.js';

/** The largest scenario text the page may send; the largest built-in is under 25 KB. */
export const MAX_BODY_BYTES = 512 * 1024;

export interface StudioPageOptions {
  readonly interactionsScenario: string;
  readonly tokenRequired: boolean;
  /** Streams a scenario the page sent, paced by the query's rate and duration, as the stream endpoints do. */
  readonly stream: (request: IncomingMessage, response: ServerResponse, url: URL, scenario: CompiledScenario) => void;
}

/** Whether a path belongs to the page: its files and its API. */
export function isPagePath(path: string): boolean {
  return path === '/ui' || path.startsWith('/ui/');
}

/**
 * The page at /ui: its files, and the API it calls. The files hold no data and are served
 * without a token (a browser cannot send one when it opens a page); the API needs the
 * token like every endpoint. Scenario problems are answers (200 with `ok: false` and each
 * problem with its line, so a page checking as its user types logs no failed requests),
 * never server errors (see page-answers.ts).
 */
export class StudioPage {
  private readonly files = loadPageFiles();
  /** Checks and previews run in a thread of their own, so they never hold up paced streams. */
  private readonly thread: PageThread;

  constructor(private readonly options: StudioPageOptions) {
    this.thread = new PageThread();
  }

  handle(request: IncomingMessage, response: ServerResponse, url: URL, authorized: ((request: IncomingMessage) => boolean) | null): void {
    const api = url.pathname.startsWith('/ui/api/');
    if (!api) {
      request.resume();
      const name = url.pathname === '/ui' || url.pathname === '/ui/' ? 'index.html' : url.pathname.slice('/ui/'.length);
      const file = this.files.get(name);
      if (file === undefined) return sendError(response, 404, 'NOT_FOUND', `${url.pathname}: no such file of the page; open /ui`);
      if (request.method !== 'GET' && request.method !== 'HEAD') return sendError(response, 405, 'METHOD_NOT_ALLOWED', `${request.method}: the page's files answer GET and HEAD only`, {}, { Allow: 'GET, HEAD' });
      return sendFile(response, file);
    }
    if (authorized !== null && !authorized(request)) {
      request.resume();
      return sendError(response, 401, 'UNAUTHORIZED', 'this server needs the header Authorization: Bearer <token>', {}, { 'WWW-Authenticate': 'Bearer' });
    }
    const route = url.pathname.slice('/ui/api/'.length);
    if (route === 'scenarios') {
      request.resume();
      if (request.method !== 'GET') return sendError(response, 405, 'METHOD_NOT_ALLOWED', `${request.method}: ${url.pathname} answers GET only`, {}, { Allow: 'GET' });
      return sendJson(response, 200, this.scenarios());
    }
    if (route !== 'check' && route !== 'preview' && route !== 'stream') {
      request.resume();
      return sendError(response, 404, 'NOT_FOUND', `${url.pathname}: no such endpoint of the page; it has /ui/api/scenarios, /ui/api/check, /ui/api/preview and /ui/api/stream`);
    }
    if (request.method !== 'POST') {
      request.resume();
      return sendError(response, 405, 'METHOD_NOT_ALLOWED', `${request.method}: ${url.pathname} answers POST only`, {}, { Allow: 'POST' });
    }
    if (route === 'stream') void this.stream(request, response, url);
    else void this.answer(request, response, route);
  }

  /** The page request in the body; undefined when it was refused (the response says why). */
  private async body(request: IncomingMessage, response: ServerResponse): Promise<PageRequest | undefined> {
    try {
      return parsePageRequest(await readBody(request, MAX_BODY_BYTES));
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        sendError(response, 413, 'BODY_TOO_LARGE', `the scenario text is over the limit of ${MAX_BODY_BYTES} bytes (${MAX_BODY_BYTES / 1024} KiB)`, { limit_bytes: MAX_BODY_BYTES }, { Connection: 'close' });
      } else if (error instanceof UsageError) sendError(response, 400, error.code, error.message);
      else sendError(response, 400, 'BAD_BODY', `the body could not be read (${(error as Error).message})`);
      return undefined;
    }
  }

  /**
   * A live stream of the scenario as the page has it (pasted, or a built-in with params set).
   * It is compiled here, once per stream, because a compiled scenario cannot cross from the
   * page's thread; a scenario with problems is refused with them (400), before any event.
   */
  private async stream(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const body = await this.body(request, response);
    if (body === undefined) return;
    const scenario = pageScenario(body);
    if (!scenario.ok) {
      const message = scenario.problems.map((p) => (p.line === null ? p.message : `line ${p.line}: ${p.message}`)).join('; ');
      return sendError(response, 400, 'SCENARIO_INVALID', message, { problems: scenario.problems });
    }
    this.options.stream(request, response, url, scenario.compiled);
  }

  private async answer(request: IncomingMessage, response: ServerResponse, route: PageRoute): Promise<void> {
    const body = await this.body(request, response);
    if (body === undefined) return;
    let json: Record<string, unknown>;
    try {
      json = await this.thread.answer(route, body);
    } catch (error) {
      return sendError(response, 500, 'PAGE_FAILED', `the page's thread failed: ${(error as Error).message}`);
    }
    sendJson(response, 200, json);
  }

  /** Ends the page's thread. */
  close(): Promise<void> {
    return this.thread.close();
  }

  private scenarios(): Record<string, unknown> {
    return {
      scenarios: listBuiltins().map(({ name, description, file }) => ({ name, description, text: readFileSync(file, 'utf8') })),
      default: this.options.interactionsScenario,
      token_required: this.options.tokenRequired,
      preview: { default_events: PREVIEW_DEFAULT_EVENTS, max_events: PREVIEW_MAX_EVENTS, default_start: PREVIEW_DEFAULT_START },
      max_body_bytes: MAX_BODY_BYTES,
    };
  }
}

function sendFile(response: ServerResponse, file: PageFile): void {
  response.writeHead(200, {
    'Content-Type': file.type,
    'Content-Length': file.body.length,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    // The page loads its own files only: no script, style or connection elsewhere.
    'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
  });
  response.end(file.body);
}
