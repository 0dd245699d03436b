import type { FieldValue } from '../engine/event.js';

/** Cached runs, in a table of fixed size: memory stays bounded however many sessions are open. */
const TABLE_BITS = 14;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
const EMPTY = new Uint8Array(0);
/**
 * Kept runs are views of slabs of this size: a run of its own array was an allocation off
 * the heap for more than 64 bytes (a backing store the collector then tracks and frees), most
 * of what keeping cost. A slab lives while any of its runs is in the table; slots are taken
 * over as session numbers move on, so slabs die in about the order they were filled.
 */
const SLAB_BYTES = 16384;
/**
 * Keeping a run costs a copy and a view that pay only if the session writes it a few more
 * times: every so many keeps, keeping pauses for a while when fewer hits than this per keep
 * followed (sessions of a handful of events) and the hits wrote few bytes. A long run (GA4's
 * user, device, geo and traffic source: 35 fields in 660 bytes) costs thousands of
 * instructions to write again, and pays for its keep with a hit or two.
 */
const CHECK_KEEPS = 1024;
const MIN_HITS_PER_KEEP = 4;
const MIN_HIT_BYTES_PER_KEEP = 1024;
const PAUSE_LOOKUPS = 1 << 16;

/**
 * The encoded bytes of runs of steady fields (the same on every event of a session: see
 * FieldSpec.steady), kept per session so that each later event writes a run with one copy.
 *
 * The table is direct-mapped: slot = session × stride + run, so the runs of sessions open at
 * the same time (whose numbers are close) never evict each other. A slot is a hit only for
 * the same session, run and engine: the key holds the first two, and the event's values
 * array (one per engine) stands for the third, so events of another engine with the same
 * session numbers cost a rebuild, never a wrong byte. The keys sit in typed arrays: a
 * lookup reads no object but the one cached byte string it then copies.
 *
 * Only an engine's view takes slots: its values array is the same on every event, while a
 * copy (a late or duplicated event held back) has one of its own that no later event
 * shares. A copy that took a slot would keep nothing anyone reads and evict the session
 * there: with 5 % of events late, that tripled the misses. A copy still reads its session's
 * runs: its `origin` is the view it was copied from, and its steady fields are the session's.
 */
export class SessionRuns {
  private readonly keys = new Float64Array(TABLE_MASK + 1).fill(-1);
  private readonly owners: (readonly FieldValue[] | null)[] = new Array<readonly FieldValue[] | null>(TABLE_MASK + 1).fill(null);
  /** EMPTY after a session's first event: it may never come back (a million open, each with one event so far), and keeping costs an allocation. */
  private readonly bytes: Uint8Array[] = new Array<Uint8Array>(TABLE_MASK + 1).fill(EMPTY);
  /** The engine's values array of the event being written (its origin), and whether the event is that engine's view (then it takes slots). */
  private values: readonly FieldValue[] | null = null;
  private claims = false;
  /** The slot to keep the run of the last lookup in (its session's second event), or -1. */
  private pending = -1;
  /** Hits (and the bytes they wrote) and keeps since the last check, and lookups left before keeping resumes. */
  private hits = 0;
  private hitBytes = 0;
  private kept = 0;
  private paused = 0;
  private slab = new Uint8Array(SLAB_BYTES);
  private slabUsed = 0;

  /** @param stride at least the number of runs: they then share no slot within a session */
  constructor(private readonly stride: number) {}

  /** Before the runs of each event: its values array and origin (EventView). */
  event(values: readonly FieldValue[], origin: readonly FieldValue[]): void {
    this.claims = values === origin;
    this.values = origin;
  }

  /** The cached bytes of `run` for this session of the event (see `event`), or null: then write it and call `keep`. */
  find(session: number, run: number): Uint8Array | null {
    const key = session * this.stride + run;
    const slot = key & TABLE_MASK;
    const values = this.values;
    if (this.keys[slot] === key) {
      // The same session number of another engine: written in full, the slot left to its
      // owner, whose next event would otherwise miss and keep its run all over again.
      if (this.owners[slot] !== values) {
        this.pending = -1;
        return null;
      }
      const bytes = this.bytes[slot];
      if (bytes !== EMPTY) {
        this.hits++;
        this.hitBytes += bytes.length;
        return bytes;
      }
      if (this.paused > 0) {
        this.paused--;
        this.pending = -1;
      } else this.pending = slot;
    } else if (this.claims) {
      this.keys[slot] = key;
      this.owners[slot] = values;
      this.bytes[slot] = EMPTY;
      this.pending = -1;
    } else this.pending = -1;
    return null;
  }

  /** After a miss, the run as written to `out[start, end)`: kept (copied, `out` is reused) from the session's second event on. */
  keep(out: Uint8Array, start: number, end: number): void {
    if (this.pending < 0) return;
    const length = end - start;
    let slab = this.slab;
    let at = this.slabUsed;
    if (at + length > slab.length) {
      slab = this.slab = new Uint8Array(Math.max(SLAB_BYTES, length));
      at = 0;
    }
    slab.set(out.subarray(start, end), at);
    this.slabUsed = at + length;
    this.bytes[this.pending] = slab.subarray(at, at + length);
    this.pending = -1;
    if (++this.kept === CHECK_KEEPS) {
      if (this.hits < CHECK_KEEPS * MIN_HITS_PER_KEEP && this.hitBytes < CHECK_KEEPS * MIN_HIT_BYTES_PER_KEEP) this.paused = PAUSE_LOOKUPS;
      this.kept = 0;
      this.hits = 0;
      this.hitBytes = 0;
    }
  }
}
