import type { Shard } from '../pipeline/start-run.js';
import { UsageError } from '../errors.js';

/** Most shards of one run: far more than a Job runs pods, few enough that each shard has users. */
export const MAX_SHARDS = 10_000;

export interface ShardFlags {
  /** `k/N`, or `auto`: k from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job), N from --shards or CLICKGEN_SHARDS. */
  readonly shard?: string;
  readonly shards?: string;
}

/** The shard a run is, from its flags and environment; undefined for the whole run. */
export function shardFromFlags(flags: ShardFlags, env: NodeJS.ProcessEnv): Shard | undefined {
  if (flags.shards !== undefined && flags.shard !== 'auto') throw new UsageError('BAD_FLAG', `--shards ${flags.shards}: needs --shard auto (with --shard k/N the count is N)`);
  if (flags.shard === undefined) return undefined;
  if (flags.shard !== 'auto') {
    const parts = /^(\d+)\/(\d+)$/.exec(flags.shard.trim());
    if (parts === null) throw new UsageError('BAD_FLAG', `--shard ${flags.shard}: give k/N, shard k of N with 0 ≤ k < N (e.g. --shard 0/4), or auto`);
    return checked(`--shard ${flags.shard}`, Number(parts[1]), Number(parts[2]));
  }
  const index = env.JOB_COMPLETION_INDEX;
  if (index === undefined || index === '') throw new UsageError('BAD_FLAG', '--shard auto: JOB_COMPLETION_INDEX is not set (a Kubernetes Indexed Job sets it); give --shard k/N instead');
  if (!/^\d+$/.test(index)) throw new UsageError('BAD_FLAG', `--shard auto: JOB_COMPLETION_INDEX=${index} is not a whole number from 0`);
  const count = flags.shards ?? env.CLICKGEN_SHARDS;
  const from = flags.shards !== undefined ? '--shards' : 'CLICKGEN_SHARDS';
  if (count === undefined || count === '') throw new UsageError('BAD_FLAG', '--shard auto: the number of shards is missing; give --shards N or set CLICKGEN_SHARDS');
  if (!/^\d+$/.test(count)) throw new UsageError('BAD_FLAG', `--shard auto: ${from} ${count} is not a whole number from 1 to ${MAX_SHARDS.toLocaleString('en-US')}`);
  return checked(`--shard auto (JOB_COMPLETION_INDEX=${index}, ${from} ${count})`, Number(index), Number(count));
}

function checked(what: string, index: number, count: number): Shard {
  if (count < 1 || count > MAX_SHARDS) throw new UsageError('BAD_FLAG', `${what}: the number of shards must be from 1 to ${MAX_SHARDS.toLocaleString('en-US')}`);
  if (index >= count) throw new UsageError('BAD_FLAG', `${what}: shard ${index} does not exist; shards of ${count} are 0 to ${count - 1}`);
  return { index, count };
}

/** One line for an option a sharded run cannot honour. */
export function notWithShard(flag: string, why: string): UsageError {
  return new UsageError('BAD_FLAG', `${flag} with --shard: ${why}`);
}
