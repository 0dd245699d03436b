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
 *
 * The nodes hold slot numbers, not sessions: a session is stored once, in its slot, and a
 * sift moves integers. A session is young when it starts and a short one dies young, so each
 * store of it into the (old) array of nodes went through the garbage collector's write
 * barrier, four times a gift-shop event.
 */
export class SessionHeap {
  /** Open sessions by slot; a slot is free again when its session leaves the heap. */
  private readonly slots: (Session | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  /** The slot of node i. */
  private nodes = new Int32Array(64);
  private keys = new Float64Array(128);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Every session in the heap, in heap order. */
  values(): readonly Session[] {
    const sessions: Session[] = [];
    for (let i = 0; i < this.count; i++) sessions.push(this.slots[this.nodes[i]]!);
    return sessions;
  }

  peek(): Session | undefined {
    return this.count === 0 ? undefined : this.slots[this.nodes[0]];
  }

  /**
   * The top session's time, Infinity when there is none: read from the heap's own keys, so
   * that deciding between an arrival and a step does not wait for the session's object, which
   * with many sessions open is rarely in the cache.
   */
  peekTime(): number {
    return this.count === 0 ? Infinity : this.keys[0];
  }

  push(session: Session): void {
    let i = this.count;
    if (i + 1 > this.nodes.length) this.grow();
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.slots.length;
    this.slots[slot] = session;
    this.count = i + 1;
    const nodes = this.nodes;
    const keys = this.keys;
    const time = session.time;
    const number = session.number;
    while (i > 0) {
      const parent = ((i - 1) / ARITY) | 0;
      const t = keys[2 * parent];
      if (!(time < t || (time === t && number < keys[2 * parent + 1]))) break;
      nodes[i] = nodes[parent];
      keys[2 * i] = t;
      keys[2 * i + 1] = keys[2 * parent + 1];
      i = parent;
    }
    nodes[i] = slot;
    keys[2 * i] = time;
    keys[2 * i + 1] = number;
  }

  /** Removes the top session. */
  pop(): Session | undefined {
    if (this.count === 0) return undefined;
    const topSlot = this.nodes[0];
    const top = this.slots[topSlot];
    this.slots[topSlot] = undefined;
    this.freeSlots.push(topSlot);
    const n = --this.count;
    if (n > 0) this.siftDown(this.nodes[n]);
    return top;
  }

  /** Call after the top session's time grew: restores the order in one pass. */
  updateTop(): void {
    if (this.count > 0) this.siftDown(this.nodes[0]);
  }

  /** Places the session in `slot` from the root down (the root's node is free or holds it). */
  private siftDown(slot: number): void {
    const nodes = this.nodes;
    const keys = this.keys;
    const n = this.count;
    const session = this.slots[slot]!;
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
      nodes[i] = nodes[child];
      keys[2 * i] = ct;
      keys[2 * i + 1] = cn;
      i = child;
    }
    nodes[i] = slot;
    keys[2 * i] = time;
    keys[2 * i + 1] = number;
  }

  private grow(): void {
    const nodes = new Int32Array(this.nodes.length * 2);
    nodes.set(this.nodes);
    this.nodes = nodes;
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
