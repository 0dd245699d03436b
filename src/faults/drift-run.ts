import type { OutputSchema } from '../engine/event.js';
import { createEncoder, type EncoderOptions } from '../encode/create-encoder.js';
import type { Encoder } from '../encode/types.js';
import { UsageError } from '../errors.js';
import { deriveRecordSchema } from '../records/derive.js';
import type { CompiledScenario } from '../scenario/compile.js';
import { DriftEncoder } from './drift-encoder.js';
import { driftShapes, type DriftShape } from './drift-shapes.js';
import { driftVersions, type DriftVersion } from './drift-versions.js';

/** A run's drift: its versions at the run's times, and the shape of each (version 0 first). */
export interface DriftPlan {
  readonly versions: readonly DriftVersion[];
  readonly shapes: readonly DriftShape[];
}

/** Formats whose records can change shape within one output, and why the others cannot. */
const REFUSED: Readonly<Record<string, string>> = {
  csv: 'a CSV file has one header row, and with late delivery records of both shapes interleave',
  tsv: 'a TSV file has one header row, and with late delivery records of both shapes interleave',
  avro: 'an Avro container file holds one schema, and with late delivery records of both shapes interleave',
  parquet: 'a Parquet file holds one schema, and with late delivery records of both shapes interleave',
  arrow: 'an Arrow stream holds one schema, and with late delivery records of both shapes interleave',
};

/** The scenario's drift for a run from `start` to `end` (exclusive), or null without one; `where` names the scenario. */
export function planDrift(compiled: CompiledScenario, start: number, end: number | undefined, where: string): DriftPlan | null {
  const drifts = compiled.faults?.drift ?? [];
  if (drifts.length === 0) return null;
  const versions = driftVersions(drifts, start, end, where);
  return { versions, shapes: driftShapes(compiled.schema, deriveRecordSchema(compiled), versions, where) };
}

/** Refuses drift with a format that cannot carry two shapes in one output. */
export function checkDriftFormat(format: string, flag: string): void {
  const why = REFUSED[format];
  if (why !== undefined) {
    throw new UsageError('BAD_FLAG', `${flag} with faults.drift: ${why}; drift works with NDJSON, line templates (-f) and Kafka with a schema registry (format=avro|protobuf|json-schema)`);
  }
}

/** An encoder that writes each record in the shape of its event time; `make` builds the encoder of one shape. */
export function driftEncoder(plan: DriftPlan, make: (shape: DriftShape) => Encoder): Encoder {
  return new DriftEncoder(
    plan.shapes,
    plan.shapes.map((shape) => make(shape)),
    plan.versions.map((v) => v.at),
  );
}

/**
 * The output of `shape` with every other shape's field names too, as columns no event has:
 * a line template names fields once for every shape, and a field this shape lacks (renamed,
 * removed, not added yet) is written empty.
 */
export function withEveryName(plan: DriftPlan, shape: DriftShape): OutputSchema {
  const own = shape.output;
  const fields = [...own.fields];
  const byName = new Map(own.fields.filter((f) => f.name !== '').map((f) => [f.name, f.index]));
  for (const other of plan.shapes) {
    for (const field of other.output.fields) {
      if (field.name === '' || byName.has(field.name)) continue;
      byName.set(field.name, fields.length);
      fields.push({ index: fields.length, name: field.name, path: field.path });
    }
  }
  return { fields, layouts: own.layouts, indexOf: (name) => byName.get(name) ?? -1 };
}

/**
 * The encoder of a run's records, in the thread that writes them or in a worker: with drift,
 * one that writes each record in the shape of its event time. A line template (`-f`) names
 * fields once for every shape.
 */
export function runEncoder(compiled: CompiledScenario, options: EncoderOptions, drift: DriftPlan | null): Encoder {
  if (drift === null) return createEncoder(compiled.schema, options, compiled);
  return driftEncoder(drift, (shape) => createEncoder(options.formatFile === undefined ? shape.output : withEveryName(drift, shape), options, compiled));
}
