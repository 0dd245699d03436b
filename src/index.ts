/**
 * clickgen's library API. The CLI and the server are thin shells over these.
 */
export { simulate } from './simulate.js';
export type { SimulateOptions } from './simulate.js';
export { run } from './run.js';
export type { RunOptions } from './run.js';
export type { RunSummary } from './run-summary.js';
export { loadScenario, parseScenarioText, validateRaw, listBuiltins } from './scenario/load.js';
export type { LoadedScenario } from './scenario/load.js';
export { compileScenario } from './scenario/compile.js';
export type { CompiledScenario } from './scenario/compile.js';
export type { Scenario, ScenarioInput, ValueSource, Distribution } from './scenario/schema.js';
export { Engine } from './engine/engine.js';
export type { EngineOptions } from './engine/engine.js';
export { createEncoder, FORMATS } from './encode/create-encoder.js';
export type { EncoderOptions, FormatName } from './encode/create-encoder.js';
export { eventToObject } from './encode/event-object.js';
export { importImplyConfig } from './scenario/importers/imply/import-config.js';
export type { ImplyImport, ImplyImportOptions } from './scenario/importers/imply/import-config.js';
export { loadImplyConfig } from './scenario/importers/imply/load-imply.js';
export { readScheduleText } from './scenario/importers/imply/schedule.js';
export { PythonJsonEncoder } from './encode/python-json.js';
export { ImplyFormatFileEncoder } from './encode/imply-format-file.js';
export { createJinjaEncoder } from './encode/jinja-template.js';
export { createSink } from './sinks/create-sink.js';
export type { SinkFactoryOptions } from './sinks/create-sink.js';
export { Rng, streamFor } from './random/prng.js';
export { ClickgenError, UsageError, RunError, ErrorCodes } from './errors.js';
export type { ErrorCode } from './errors.js';
export type { Sink, SinkStats, RecordBatch, SinkOpenContext } from './sinks/types.js';
export type { Encoder } from './encode/types.js';
export type { EventView, FieldSpec, Layout, FieldValue, TimeFormat, OutputSchema } from './engine/event.js';
export { createRedisSink } from './sinks/redis.js';
export type { RedisSinkOptions } from './sinks/redis.js';
