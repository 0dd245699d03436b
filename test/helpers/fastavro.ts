/**
 * An independent Avro reader for the tests: Python's fastavro (PyPI), not the avsc library
 * clickgen writes with. `CLICKGEN_PYTHON` names a Python that has it (.ci/run makes one);
 * without it the tests skip with a message, and in CI they fail.
 */
import { spawnSync } from 'node:child_process';
import { hasZstd } from '../../src/encode/avro/codecs.js';

const inCi = process.env.CI === 'true' || process.env.CI === '1';
const python = process.env.CLICKGEN_PYTHON ?? 'python3';

/** Why fastavro tests cannot run, or undefined when they can. */
export function fastavroMissing(): string | undefined {
  const probe = spawnSync(python, ['-c', 'import fastavro, cramjam'], { encoding: 'utf8' });
  if (probe.status === 0) return undefined;
  const reason = `Avro decoding tests need Python with fastavro and cramjam: python3 -m venv /tmp/clickgen-py && /tmp/clickgen-py/bin/pip install fastavro==1.13.1 cramjam==2.14.0 backports.zstd==1.8.0, then CLICKGEN_PYTHON=/tmp/clickgen-py/bin/python`;
  if (inCi) throw new Error(reason);
  console.warn(`SKIPPED: ${reason}`);
  return reason;
}

/**
 * Why zstandard blocks cannot be written and read back here, or undefined when they can:
 * Node 22.15+ writes them (Node 20 has no zstd), fastavro reads them with backports.zstd.
 */
export function zstdReadBackMissing(): string | undefined {
  if (!hasZstd) {
    // CI runs this file on Node 22 and 24 as well, where it is not skipped.
    const reason = `zstandard Avro blocks need Node 22.15 or later; this is ${process.version}`;
    console.warn(`SKIPPED: ${reason}`);
    return reason;
  }
  const missing = fastavroMissing();
  if (missing !== undefined) return missing;
  const probe = spawnSync(python, ['-c', 'from backports import zstd'], { encoding: 'utf8' });
  if (probe.status === 0) return undefined;
  const reason = `fastavro reads zstandard blocks with backports.zstd: ${python} -m pip install backports.zstd==1.8.0`;
  if (inCi) throw new Error(reason);
  console.warn(`SKIPPED: ${reason}`);
  return reason;
}

/** Python that renders what fastavro reads as JSON: timestamps as epoch ms, UUIDs as text. */
const PLAIN = `
import datetime, uuid
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
def plain(v):
    if isinstance(v, datetime.datetime):
        aware = v if v.tzinfo is not None else v.replace(tzinfo=datetime.timezone.utc)
        return (aware - EPOCH) // datetime.timedelta(milliseconds=1)
    if isinstance(v, uuid.UUID):
        return str(v)
    raise TypeError(type(v))
`;

const READER = `
import sys, json, fastavro
${PLAIN}with open(sys.argv[1], 'rb') as f:
    reader = fastavro.reader(f)
    print(json.dumps({'codec': reader.codec, 'schema': reader.writer_schema, 'written': json.loads(reader.metadata['avro.schema'])}, default=plain))
    for record in reader:
        print(json.dumps(record, default=plain))
`;

/**
 * The records of an Avro container file as fastavro reads them: timestamps as epoch ms, UUIDs
 * as text; `schema` as fastavro parsed it (full names), `written` as the file's header holds it.
 */
export function readAvroFile(file: string): { codec: string; schema: unknown; written: unknown; records: Record<string, unknown>[] } {
  const result = spawnSync(python, ['-c', READER, file], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`fastavro could not read ${file}: ${result.stderr}`);
  const lines = result.stdout.trimEnd().split('\n');
  const head = JSON.parse(lines[0]) as { codec: string; schema: unknown; written: unknown };
  return { ...head, records: lines.slice(1).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const SCHEMALESS = `
import sys, io, json, base64, fastavro
${PLAIN}schemas = {}
for line in sys.stdin:
    item = json.loads(line)
    text = item['schema']
    if text not in schemas:
        schemas[text] = fastavro.parse_schema(json.loads(text))
    print(json.dumps(fastavro.schemaless_reader(io.BytesIO(base64.b64decode(item['payload'])), schemas[text]), default=plain))
`;

/** Avro binary payloads (no container, no framing), each read by fastavro with its writer schema: timestamps as epoch ms. */
export function readAvroPayloads(items: readonly { readonly schema: string; readonly payload: Uint8Array }[]): Record<string, unknown>[] {
  const input = items.map((item) => JSON.stringify({ schema: item.schema, payload: Buffer.from(item.payload).toString('base64') })).join('\n');
  const result = spawnSync(python, ['-c', SCHEMALESS], { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`fastavro could not read the payloads: ${result.stderr}`);
  return result.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
