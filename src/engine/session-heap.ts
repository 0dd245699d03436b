import type { Session } from './session.js';

/** Children per node: four keys fill one 64-byte cache line. */
const ARITY = 4;

/**
 * A 4-ary min-heap of sessions ordered by (next event time, session number). The
 * session number breaks ties, so events at the same millisecond come out in one
 * deterministic order.
 *
 * The keys sit in one typed array beside the sessions (time and number of node i at 2i
 * and 2i+1): a sift compares numbers next to each other in memory instead of loading
 * session objects, and with four children a node's keys share a cache line. With a
 * million sessions open that is what the engine waits on.
 */
export class SessionHeap {
  private readonly items: Session[] = [];
  private keys = new Float64Array(128);

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
    if (2 * i + 2 > this.keys.length) this.grow();
    const keys = this.keys;
    const time = session.time;
    const number = session.number;
    items.push(session);
    while (i > 0) {
      const parent = ((i - 1) / ARITY) | 0;
      const t = keys[2 * parent];
      if (!(time < t || (time === t && number < keys[2 * parent + 1]))) break;
      items[i] = items[parent];
      keys[2 * i] = t;
      keys[2 * i + 1] = keys[2 * parent + 1];
      i = parent;
    }
    items[i] = session;
    keys[2 * i] = time;
    keys[2 * i + 1] = number;
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
    const keys = this.keys;
    const n = items.length;
    const time = session.time;
    const number = session.number;
    let i = 0;
    for (;;) {
      const first = ARITY * i + 1;
      if (first >= n) break;
      const child = first + ARITY <= n ? earliestOfFour(keys, first) : earliestOf(keys, first, n);
      const ct = keys[2 * child];
      const cn = keys[2 * child + 1];
      if (!(ct < time || (ct === time && cn < number))) break;
      items[i] = items[child];
      keys[2 * i] = ct;
      keys[2 * i + 1] = cn;
      i = child;
    }
    items[i] = session;
    keys[2 * i] = time;
    keys[2 * i + 1] = number;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    this.keys = keys;
  }
}

/**
 * The earliest of the four nodes from `first`. Which child is earliest is a coin toss the
 * processor cannot predict, so it is worked out with arithmetic on comparison results
 * instead of branches: two pairs, then their winners. Equal times (rare) take the
 * general path, which breaks ties by session number.
 */
function earliestOfFour(keys: Float64Array, first: number): number {
  const t0 = keys[2 * first];
  const t1 = keys[2 * first + 2];
  const t2 = keys[2 * first + 4];
  const t3 = keys[2 * first + 6];
  if (t0 === t1 || t0 === t2 || t0 === t3 || t1 === t2 || t1 === t3 || t2 === t3) return earliestOf(keys, first, first + ARITY);
  const a = Number(t1 < t0);
  const b = 2 + Number(t3 < t2);
  const secondPairWins = Number(keys[2 * (first + b)] < keys[2 * (first + a)]);
  return first + a + (b - a) * secondPairWins;
}

/** The earliest of the nodes [first, end), by time and then session number. */
function earliestOf(keys: Float64Array, first: number, end: number): number {
  let child = first;
  let ct = keys[2 * first];
  let cn = keys[2 * first + 1];
  for (let c = first + 1; c < end; c++) {
    const t = keys[2 * c];
    if (t < ct || (t === ct && keys[2 * c + 1] < cn)) {
      child = c;
      ct = t;
      cn = keys[2 * c + 1];
    }
  }
  return child;
}
