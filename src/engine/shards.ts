/**
 * Which shard of a run simulates a session. A run's users are split into lanes
 * (src/engine/lanes.ts): a user's lane is their index modulo the run's lane count, and a
 * session without a user (anonymous) is in the lane of its session number modulo the same
 * count. Shard K of N owns the lanes whose number modulo N is K: every session of a user,
 * and so everything carried between them (returning visits, segment, attributes, keys), is
 * in one shard.
 */
export interface Shard {
  /** This shard, 0 ≤ index < count. */
  readonly index: number;
  readonly count: number;
}

/** The shard that owns lane `lane` of a run split into `count` shards. */
export function shardOfLane(lane: number, count: number): number {
  return lane % count;
}

/** The shard that owns a user (or an anonymous session's number), `key` ≥ 0, in a run of `lanes` lanes. */
export function ownerOf(key: number, lanes: number, count: number): number {
  return shardOfLane(key % lanes, count);
}
