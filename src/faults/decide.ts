/**
 * The fate of each event is a hash of (seed, session number, event index in the session,
 * what is decided): no stream is kept per session and nothing depends on which other
 * events ran, so a shard, a worker or a different sink decides the same.
 */

const TWO_POW_32 = 4294967296;

/** What a hash decides: each its own salt, so decisions are independent of each other. */
export const Salt = { fate: 0x6a09e667, bad: 0xbb67ae85, kind: 0x3c6ef372, delay: 0xa54ff53a } as const;

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function step(h: number, word: number): number {
  return fmix(Math.imul(h ^ word, 0x9e3779b1) + 0x7f4a7c15);
}

/** The hash of (seed, salt), computed once per run and decision: each event hashes only its session and index. */
export function faultPrefix(seed: number, salt: number): number {
  return step(step(salt, seed >>> 0), Math.floor(seed / TWO_POW_32));
}

/** The hash of (seed, salt, session), from faultPrefix(seed, salt): the same for every event of the session. */
export function sessionHash(prefix: number, session: number): number {
  return step(step(prefix, session >>> 0), Math.floor(session / TWO_POW_32));
}

/** 32 random bits for (seed, session, index, salt), from sessionHash. */
export function eventBits(sessionHashed: number, index: number): number {
  return step(sessionHashed, index >>> 0);
}

/** 32 random bits for (seed, session, index, salt), from faultPrefix(seed, salt); session is an integer below 2^53. */
export function faultBitsFrom(prefix: number, session: number, index: number): number {
  return eventBits(sessionHash(prefix, session), index);
}

/** 32 random bits for (seed, session, index, salt); seed and session are integers below 2^53. */
export function faultBits(seed: number, session: number, index: number, salt: number): number {
  return faultBitsFrom(faultPrefix(seed, salt), session, index);
}

/** A uniform number in [0, 1) for (seed, session, index, salt). */
export function faultUnit(seed: number, session: number, index: number, salt: number): number {
  return faultBits(seed, session, index, salt) / TWO_POW_32;
}
