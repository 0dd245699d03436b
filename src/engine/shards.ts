/**
 * Which shard of a run simulates a session. Shards split the users: every session of a
 * user, and so everything carried between them (returning visits, segment, attributes,
 * keys), is in one shard. A session without a user (anonymous) belongs to the shard of its
 * session number. Every shard draws the same arrivals and the same user for each, so the
 * shards together hold each session of the single run exactly once.
 */
export interface Shard {
  /** This shard, 0 ≤ index < count. */
  readonly index: number;
  readonly count: number;
}

/** The shard that owns user `userIndex` (≥ 0), or anonymous session `session` (userIndex -1). */
export function ownerOf(seed: number, userIndex: number, session: number, count: number): number {
  const anonymous = userIndex < 0;
  const key = anonymous ? session : userIndex;
  // Mixed with the seed, so a user's shard differs from seed to seed; the kind keeps users and
  // anonymous sessions of the same number apart.
  let h = mix(seed ^ (anonymous ? 0x6a09e667 : 0x3c6ef372));
  h = mix(h ^ (key >>> 0));
  h = mix(h ^ Math.floor(key / 4294967296));
  return h % count;
}

function mix(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
