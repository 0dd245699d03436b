import type cliProgress from 'cli-progress';

/** A throttled progress line on stderr: events, events/s and the ETA when the total is known. */
export class ProgressLine {
  private readonly started = performance.now();

  /** Loads the progress-bar library only when a progress line is shown. */
  static async create(total: number | null, stream: NodeJS.WriteStream): Promise<ProgressLine> {
    const { default: library } = await import('cli-progress');
    return new ProgressLine(library, total, stream);
  }

  private readonly bar: cliProgress.SingleBar;

  private constructor(
    library: typeof cliProgress,
    total: number | null,
    stream: NodeJS.WriteStream,
  ) {
    const format = total === null ? '{value} events | {rate} events/s | {elapsed}' : '[{bar}] {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}';
    this.bar = new library.SingleBar(
      { format, stream, fps: 5, hideCursor: false, clearOnComplete: true, barsize: 24, etaBuffer: 50, formatValue: (v, _o, type) => (type === 'value' || type === 'total' ? v.toLocaleString('en-US') : String(v)) },
      library.Presets.shades_classic,
    );
    this.bar.start(total ?? 0, 0, { rate: '0', elapsed: '0s' });
  }

  update(events: number): void {
    const seconds = (performance.now() - this.started) / 1000;
    this.bar.update(events, { rate: Math.round(events / Math.max(seconds, 1e-3)).toLocaleString('en-US'), elapsed: `${seconds.toFixed(1)}s` });
  }

  stop(): void {
    this.bar.stop();
  }
}
