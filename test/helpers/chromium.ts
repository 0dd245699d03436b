import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** Flags for a quiet, sandbox-free headless browser that talks to nothing but this test. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
  '--remote-debugging-pipe',
];

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

/**
 * Headless Chromium (Debian's `chromium`) driven over the DevTools protocol on a pipe: no
 * port, no network, no client library. Collects console errors, uncaught exceptions and
 * log errors of the page it opens.
 */
export class Chromium {
  /** Console errors, uncaught exceptions and error log entries, as text. */
  readonly errors: string[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  private readonly waiters: { method: string; resolve: () => void }[] = [];
  private sessionId = '';
  private buffer = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const input = child.stdio[4] as Readable;
    input.setEncoding('utf8');
    input.on('data', (text: string) => this.receive(text));
    child.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error('chromium exited'));
    });
  }

  static async launch(width = 1360, height = 900): Promise<Chromium> {
    const found = spawnSync('chromium', ['--version'], { encoding: 'utf8' });
    if (found.error !== undefined) throw new Error("chromium is not installed: the HTML report test needs Debian's chromium (apt-get install chromium)");
    const profile = mkdtempSync(join(tmpdir(), 'clickgen-chromium-'));
    const child = spawn('chromium', [...FLAGS, `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    const browser = new Chromium(child, profile);
    const { targetId } = (await browser.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await browser.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    browser.sessionId = sessionId;
    await browser.send('Runtime.enable');
    await browser.send('Log.enable');
    await browser.send('Page.enable');
    await browser.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
    return browser;
  }

  /** Opens `url` and waits for its load event. */
  async open(url: string): Promise<void> {
    const loaded = new Promise<void>((resolve) => this.waiters.push({ method: 'Page.loadEventFired', resolve }));
    await this.send('Page.navigate', { url });
    await loaded;
  }

  /** Evaluates a JavaScript expression in the page and returns its value. */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = (await this.send('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value: T }; exceptionDetails?: unknown };
    if (exceptionDetails !== undefined) throw new Error(`evaluating ${expression}: ${JSON.stringify(exceptionDetails)}`);
    return result.value;
  }

  /** A PNG of the whole page. */
  async screenshot(): Promise<Buffer> {
    const { data } = (await this.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true })) as { data: string };
    return Buffer.from(data, 'base64');
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await this.send('Browser.close', {}, false);
    } catch {
      this.child.kill();
    }
    await exited;
    rmSync(this.profile, { recursive: true, force: true });
  }

  private send(method: string, params: Record<string, unknown> = {}, inPage = true): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const message: Message = { id, method, params };
    if (inPage && this.sessionId !== '') message.sessionId = this.sessionId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`chromium did not answer ${method} in 60 s`)), 60_000);
      this.pending.set(id, {
        resolve: (m) => {
          clearTimeout(timer);
          if (m.error !== undefined) reject(new Error(`${method}: ${m.error.message}`));
          else resolve(m.result ?? {});
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      (this.child.stdio[3] as Writable).write(`${JSON.stringify(message)}\0`);
    });
  }

  private receive(text: string): void {
    this.buffer += text;
    for (let end = this.buffer.indexOf('\0'); end >= 0; end = this.buffer.indexOf('\0')) {
      const message = JSON.parse(this.buffer.slice(0, end)) as Message;
      this.buffer = this.buffer.slice(end + 1);
      if (message.id !== undefined) {
        this.pending.get(message.id)?.resolve(message);
        this.pending.delete(message.id);
      } else if (message.method !== undefined) {
        this.event(message.method, message.params ?? {});
      }
    }
  }

  private event(method: string, params: Record<string, unknown>): void {
    if (method === 'Runtime.consoleAPICalled' && (params.type === 'error' || params.type === 'assert')) {
      this.errors.push(`console.${String(params.type)}: ${JSON.stringify(params.args)}`);
    } else if (method === 'Runtime.exceptionThrown') {
      this.errors.push(`exception: ${JSON.stringify(params.exceptionDetails)}`);
    } else if (method === 'Log.entryAdded') {
      const entry = params.entry as { level: string; text: string; url?: string };
      if (entry.level === 'error') this.errors.push(`log: ${entry.text} ${entry.url ?? ''}`);
    }
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].method === method) this.waiters.splice(i, 1)[0].resolve();
    }
  }
}
