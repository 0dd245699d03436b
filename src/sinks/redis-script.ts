/**
 * The Lua script that applies one job on the server. One EVAL per thousand records costs the
 * client about a microsecond per record, where node-redis spends four to six per pipelined or
 * MULTI command (promise, encoding and reply per command); see docs/benchmarks.md.
 *
 * A script runs atomically, and Redis persists and replicates its effects as one MULTI/EXEC
 * block, so a job is applied whole or not at all, together with its bit in the run's delivery
 * mark. Each write goes through redis.pcall, so a record the server refuses (WRONGTYPE) is
 * counted instead of aborting the records after it.
 *
 * KEYS[1] is the delivery mark, KEYS[2..] one key per record; ARGV[1] is the job's number,
 * ARGV[2] the mark's time to live in ms, ARGV[3..] the records' values (see RedisJob.values).
 * The script returns {first refusal or '', then the 0-based positions of refused records}.
 */
import type { RedisTarget } from './redis-target.js';

export function deliveryScript(target: RedisTarget): string {
  const trim = target.maxlen === undefined ? '' : `, 'MAXLEN', '~', '${target.maxlen}'`;
  const write = {
    stream:
      target.fields === 'flat'
        ? `local n = tonumber(ARGV[a])
  local reply = redis.pcall('XADD', KEYS[i]${trim}, '*', unpack(ARGV, a + 1, a + n))
  a = a + n + 1`
        : `local reply = redis.pcall('XADD', KEYS[i]${trim}, '*', 'data', ARGV[a])
  a = a + 1`,
    pubsub: `local reply = redis.pcall('PUBLISH', KEYS[i], ARGV[a])
  a = a + 1`,
    list: `local reply = redis.pcall('RPUSH', KEYS[i], ARGV[a])
  a = a + 1`,
  }[target.mode];
  return `local result, a = {''}, 3
for i = 2, #KEYS do
  ${write}
  if type(reply) == 'table' and reply.err then
    if result[1] == '' then result[1] = reply.err end
    result[#result + 1] = i - 2
  end
end
redis.call('SETBIT', KEYS[1], ARGV[1], 1)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return result`;
}
