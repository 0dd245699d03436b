import type { EventView } from './engine/event.js';
import type { EngineStats } from './engine/engine.js';
import type { Sym } from './engine/sym.js';
import type { SinkStats } from './sinks/types.js';

/** What a run generated: the answer key a pipeline under test compares its results with. */
export interface RunSummary {
  scenario: string;
  seed: number;
  events: number;
  events_by_type: Record<string, number>;
  sessions: number;
  distinct_users: number;
  first_event_time: string | null;
  last_event_time: string | null;
  /** Events per minute of event time, keyed by the minute's ISO start. */
  events_per_minute: Record<string, number>;
  delivered: number;
  failed: number;
  bytes: number;
  /** Why the run ended: complete, stopped by a signal, or the reader closed the output. */
  ended: 'complete' | 'signal' | 'output-closed';
}

export class SummaryCollector {
  private events = 0;
  private readonly byType = new Map<Sym, number>();
  private readonly perMinute = new Map<number, number>();
  private first = NaN;
  private last = NaN;

  add(event: EventView): void {
    this.events++;
    this.byType.set(event.type, (this.byType.get(event.type) ?? 0) + 1);
    const minute = Math.floor(event.time / 60_000);
    this.perMinute.set(minute, (this.perMinute.get(minute) ?? 0) + 1);
    if (this.events === 1) this.first = event.time;
    this.last = event.time;
  }

  get count(): number {
    return this.events;
  }

  /** Event time of the latest event, epoch ms (NaN before the first). */
  get lastTime(): number {
    return this.last;
  }

  finish(scenario: string, seed: number, engine: EngineStats, sink: SinkStats, ended: RunSummary['ended']): RunSummary {
    const byType = [...this.byType].sort((a, b) => (a[0].text < b[0].text ? -1 : 1));
    return {
      scenario,
      seed,
      events: this.events,
      events_by_type: Object.fromEntries(byType.map(([type, n]) => [type.text, n])),
      sessions: engine.sessions,
      distinct_users: engine.users.size,
      first_event_time: Number.isNaN(this.first) ? null : new Date(this.first).toISOString(),
      last_event_time: Number.isNaN(this.last) ? null : new Date(this.last).toISOString(),
      events_per_minute: Object.fromEntries([...this.perMinute].map(([m, n]) => [new Date(m * 60_000).toISOString(), n])),
      delivered: sink.delivered,
      failed: sink.failed,
      bytes: sink.bytes,
      ended,
    };
  }
}
