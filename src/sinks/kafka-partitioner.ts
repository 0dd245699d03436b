/**
 * Key partitioning exactly as the Java Kafka client does it (BuiltInPartitioner.partitionForKey):
 * murmur2 of the key's bytes, made positive by masking the sign bit, modulo the partition count.
 * Consumers and Kafka Streams applications written in Java therefore agree with clickgen about
 * where each user's or session's events live.
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's murmur2 (Utils.murmur2) of the first `length` bytes of `data`: a signed 32-bit hash. */
export function murmur2(data: Uint8Array, length = data.length): number {
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & 3;
  if (tail === 3) h ^= data[whole + 2] << 16;
  if (tail >= 2) h ^= data[whole + 1] << 8;
  if (tail >= 1) h = Math.imul(h ^ data[whole], M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition of the key of `length` bytes (all of `key` by default). */
export function partitionForKey(key: Uint8Array, partitionCount: number, length = key.length): number {
  return (murmur2(key, length) & 0x7fffffff) % partitionCount;
}
