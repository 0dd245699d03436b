/** What a session did: one bit per funnel step. */
export const Step = {
  view: 1,
  cart: 2,
  checkout: 4,
  purchase: 8,
  search: 16,
  remove: 32,
} as const;

/** The running state of one open session: all inspect keeps per session. */
export interface OpenSession {
  readonly key: string;
  readonly user: string | null;
  /** First and last event time, epoch ms. */
  first: number;
  last: number;
  events: number;
  pages: number;
  /** Step bits of the events seen. */
  steps: number;
  device: string | null;
  source: string | null;
  timezone: string | null;
  /** Whether the user had a session earlier in the input; null without a user. */
  returning: boolean | null;
  orders: number;
  /** Orders with a value, and the sum of their values. */
  valuedOrders: number;
  orderValue: number;
}

/**
 * Open sessions, closed after `timeoutMs` of inactivity in event time (the latest event
 * time seen), so memory holds only the sessions in progress. Sessions are kept in order of
 * last activity: the least recently active is checked first. An event for a closed
 * session's key starts a new session: keyed by user (an input without session ids), that
 * is how web analytics cut sessions.
 */
export class SessionTracker {
  private readonly open = new Map<string, OpenSession>();
  private clock = -Infinity;

  constructor(
    private readonly timeoutMs: number,
    private readonly onOpen: (session: OpenSession) => void,
    private readonly onClose: (session: OpenSession) => void,
  ) {}

  /** The session of an event at `time` with `key`, opened when new. */
  touch(key: string, user: string | null, time: number): OpenSession {
    if (time > this.clock) {
      this.clock = time;
      this.expire();
    }
    let session = this.open.get(key);
    if (session !== undefined) this.open.delete(key);
    else {
      session = { key, user, first: time, last: time, events: 0, pages: 0, steps: 0, device: null, source: null, timezone: null, returning: null, orders: 0, valuedOrders: 0, orderValue: 0 };
      this.onOpen(session);
    }
    this.open.set(key, session);
    return session;
  }

  /** Sessions in progress: all the per-session memory in use. */
  get openCount(): number {
    return this.open.size;
  }

  /** Closes every open session (the end of the input). */
  finish(): void {
    for (const session of this.open.values()) this.onClose(session);
    this.open.clear();
  }

  private expire(): void {
    const limit = this.clock - this.timeoutMs;
    for (const session of this.open.values()) {
      if (session.last >= limit) break;
      this.open.delete(session.key);
      this.onClose(session);
    }
  }
}
