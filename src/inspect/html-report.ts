import type { Comparison } from './compare.js';
import type { InspectReport } from './report.js';

export function htmlReport(report: InspectReport, comparison?: readonly Comparison[]): string {
  return `<!doctype html><title>${report.input.name}</title><pre>${JSON.stringify({ report, comparison })}</pre>`;
}
