import { request, type IncomingHttpHeaders } from 'node:http';
import { LineRecorder } from './line-recorder.js';

export interface Response {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A whole response; `body` is sent with the request. */
export function get(url: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A whole response to a POST of `body` as JSON. */
export function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return get(url, { 'Content-Type': 'application/json', ...headers }, 'POST', JSON.stringify(body));
}

export interface StreamedResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly recorder: LineRecorder;
  /** Resolves when the response ends (or the connection closes). */
  readonly done: Promise<void>;
  /** Closes the connection from the client side. */
  close(): void;
}

/**
 * A streamed response read line by line as it arrives. `readDelayMs` makes a slow
 * reader: after each chunk the socket is paused that long (TCP backpressure reaches
 * the server).
 */
export function stream(url: string, options: { headers?: Record<string, string>; readDelayMs?: number } = {}): Promise<StreamedResponse> {
  return new Promise((resolve, reject) => {
    const recorder = new LineRecorder();
    const req = request(url, { headers: options.headers ?? {} }, (res) => {
      const done = new Promise<void>((end) => {
        res.on('end', end);
        res.on('close', end);
        res.on('error', () => end());
      });
      res.on('data', (chunk: Buffer) => {
        recorder.push(chunk);
        if (options.readDelayMs !== undefined) {
          res.pause();
          setTimeout(() => res.resume(), options.readDelayMs);
        }
      });
      resolve({ status: res.statusCode!, headers: res.headers, recorder, done, close: () => req.destroy() });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') reject(error);
    });
    req.end();
  });
}

/** The JSON records of an NDJSON body (every line must parse). */
export function ndjson(lines: readonly { text: string }[]): Record<string, unknown>[] {
  return lines.filter((line) => line.text !== '').map((line) => JSON.parse(line.text) as Record<string, unknown>);
}
