import { Readable, Writable } from 'node:stream';
import { createEncoder } from '../../encode/create-encoder.js';
import { inspectStream } from '../../inspect/inspect-stream.js';
import type { InspectReport } from '../../inspect/report.js';
import { checkChanges, startRun } from '../../pipeline/start-run.js';
import type { CompiledScenario } from '../../scenario/compile.js';
import { StreamSink } from '../../sinks/stream-sink.js';
import { parseStart } from '../../time/time-text.js';
import { eventTypeField } from './event-type-field.js';
import { generateCommand, inspectCommand } from './generate-command.js';
import type { PageRequest } from './page-request.js';

/** Records of the preview shown as a table. */
const SAMPLE_ROWS = 20;

/** What the page shows of a preview: a sample, and the measures of `clickgen inspect` on all of it. */
export interface Preview {
  readonly events: number;
  readonly command: string;
  /** What measures the output of `command` as the page does. */
  readonly inspectCommand: string;
  readonly sample: readonly Record<string, unknown>[];
  readonly report: Pick<InspectReport, 'sessions' | 'events_by_type' | 'funnel' | 'conversion_rate' | 'by_device' | 'hourly' | 'first_event_time' | 'last_event_time'>;
  /** The scenario's own hour-of-day arrival weights (UTC hours), or null when flat. */
  readonly scenarioHourly: readonly number[] | null;
}

/**
 * Writes `count` events of the scenario as `clickgen generate` would (NDJSON, from a fixed
 * start) into memory and measures them with inspect's code: the funnel on the page is the
 * funnel of `clickgen inspect` on the output of the command shown with it.
 */
export async function preview(compiled: CompiledScenario, request: PageRequest, scenarioName: string, seed: number): Promise<Preview> {
  const start = commandStart(compiled, request.start);
  const chunks: Buffer[] = [];
  const memory = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  const sink = new StreamSink(memory, 'preview');
  await startRun({ scenario: compiled, encoder: createEncoder(compiled.schema, { format: 'ndjson' }), sink, start, count: request.count });
  const bytes = Buffer.concat(chunks);
  const typeField = eventTypeField(compiled.source);
  const report = await inspectStream(Readable.from([bytes]), { name: 'preview', format: 'ndjson', fields: typeField === null ? {} : { type: typeField } });
  return {
    events: report.events,
    command: generateCommand({ scenario: scenarioName, seed, count: request.count, start: request.start, set: request.set }),
    inspectCommand: inspectCommand(typeField),
    sample: sampleRows(bytes),
    report: {
      sessions: report.sessions,
      events_by_type: report.events_by_type,
      funnel: report.funnel,
      conversion_rate: report.conversion_rate,
      by_device: report.by_device,
      hourly: report.hourly,
      first_event_time: report.first_event_time,
      last_event_time: report.last_event_time,
    },
    scenarioHourly: compiled.arrivals.hourly === null ? null : [...compiled.arrivals.hourly],
  };
}

/**
 * The start of the run that the page's command line writes, refused as `clickgen generate`
 * refuses it (not a date-time, or after a window of the scenario's timeline begins): a command
 * the page shows must run. Throws UsageError.
 */
export function commandStart(compiled: CompiledScenario, text: string): number {
  const start = parseStart('start', text);
  checkChanges(compiled, start);
  return start;
}

function sampleRows(bytes: Buffer): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  let from = 0;
  while (rows.length < SAMPLE_ROWS) {
    const end = bytes.indexOf(10, from);
    if (end < 0) break;
    rows.push(JSON.parse(bytes.toString('utf8', from, end)) as Record<string, unknown>);
    from = end + 1;
  }
  return rows;
}
