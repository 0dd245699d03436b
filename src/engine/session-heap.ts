import type { Session } from './session.js';

/**
 * A binary min-heap of sessions ordered by (next event time, session number). The
 * session number breaks ties, so events at the same millisecond come out in one
 * deterministic order.
 */
export class SessionHeap {
  private readonly items: Session[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Session | undefined {
    return this.items[0];
  }

  push(session: Session): void {
    const items = this.items;
    let i = items.length;
    items.push(session);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent];
      if (!before(session, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = session;
  }

  /** Removes the top session. */
  pop(): Session | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) this.siftDown(last);
    return top;
  }

  /** Call after the top session's time grew: restores the order in one pass. */
  updateTop(): void {
    const top = this.items[0];
    if (top !== undefined) this.siftDown(top);
  }

  private siftDown(session: Session): void {
    const items = this.items;
    const n = items.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(items[right], items[left]) ? right : left;
      const c = items[child];
      if (!before(c, session)) break;
      items[i] = c;
      i = child;
    }
    items[i] = session;
  }
}

function before(a: Session, b: Session): boolean {
  return a.time < b.time || (a.time === b.time && a.number < b.number);
}
