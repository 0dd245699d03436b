import type { Session } from './session.js';

/**
 * A binary min-heap of sessions ordered by (next event time, session number). The
 * session number breaks ties, so events at the same millisecond come out in one
 * deterministic order.
 *
 * The keys sit in typed arrays beside the sessions: a sift compares numbers next to each
 * other in memory instead of loading two session objects per comparison, which was a
 * fifth of the engine's time.
 */
export class SessionHeap {
  private readonly items: Session[] = [];
  private times = new Float64Array(64);
  private numbers = new Float64Array(64);

  get size(): number {
    return this.items.length;
  }

  /** Every session in the heap, in heap order. */
  values(): readonly Session[] {
    return this.items;
  }

  peek(): Session | undefined {
    return this.items[0];
  }

  push(session: Session): void {
    const items = this.items;
    let i = items.length;
    if (i === this.times.length) this.grow();
    const times = this.times;
    const numbers = this.numbers;
    const time = session.time;
    const number = session.number;
    items.push(session);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const t = times[parent];
      if (!(time < t || (time === t && number < numbers[parent]))) break;
      items[i] = items[parent];
      times[i] = t;
      numbers[i] = numbers[parent];
      i = parent;
    }
    items[i] = session;
    times[i] = time;
    numbers[i] = number;
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

  /** Places `session` from the root down (the root's slot is free or holds it). */
  private siftDown(session: Session): void {
    const items = this.items;
    const times = this.times;
    const numbers = this.numbers;
    const n = items.length;
    const time = session.time;
    const number = session.number;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n) {
        const tr = times[right];
        const tl = times[left];
        if (tr < tl || (tr === tl && numbers[right] < numbers[left])) child = right;
      }
      const tc = times[child];
      if (!(tc < time || (tc === time && numbers[child] < number))) break;
      items[i] = items[child];
      times[i] = tc;
      numbers[i] = numbers[child];
      i = child;
    }
    items[i] = session;
    times[i] = time;
    numbers[i] = number;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    this.times = times;
    const numbers = new Float64Array(this.numbers.length * 2);
    numbers.set(this.numbers);
    this.numbers = numbers;
  }
}
