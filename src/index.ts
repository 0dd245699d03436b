export { Rng, streamFor } from './random/prng.js';
export { ClickgenError, UsageError, RunError, ErrorCodes } from './errors.js';
export type { ErrorCode } from './errors.js';
export type { Sink, SinkStats, RecordBatch, SinkOpenContext } from './sinks/types.js';
export type { Encoder } from './encode/types.js';
export type { EventView, FieldSpec, Layout, FieldValue, TimeFormat, OutputSchema } from './engine/event.js';
export { createRedisSink } from './sinks/redis.js';
export type { RedisSinkOptions } from './sinks/redis.js';
