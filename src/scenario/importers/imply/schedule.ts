import { UsageError } from '../../../errors.js';
import type { ConcurrencySchedule } from '../../schema-timing.js';
import { describeProblems, parseConfigText } from './config-document.js';
import { readGmmDays } from './distributions.js';
import { isNumber, isObject, Problems } from './reader.js';

/**
 * A `--schedule` file: `{"type": "constant", "value": x}` or the weekly profile
 * `{"type": "gmm_temporal", "days": {...}}` (a `mean` is ignored). It scales the worker
 * cap `-m` at each spawn: max(1, floor(m × max(0, multiplier))), with no upper clamp.
 */
export function readScheduleText(text: string, display: string): ConcurrencySchedule {
  const doc = parseConfigText(text, display);
  const problems = new Problems();
  const raw = doc.value;
  let schedule: ConcurrencySchedule | null = null;
  if (!isObject(raw) || typeof raw.type !== 'string') {
    problems.error([], 'a schedule must be an object with "type": constant or gmm_temporal');
  } else if (raw.type.toLowerCase() === 'constant') {
    if (!isNumber(raw.value) || raw.value < 0) problems.error(raw.value === undefined ? [] : ['value'], 'a constant schedule needs "value", a multiplier of 0 or more');
    else schedule = { type: 'constant', value: raw.value };
  } else if (raw.type.toLowerCase() === 'gmm_temporal') {
    if (raw.days === undefined) problems.error([], 'a gmm_temporal schedule needs "days"');
    else {
      const days = readGmmDays(raw.days, ['days'], problems);
      if (days !== null) schedule = { type: 'gmm_temporal', days };
    }
  } else {
    problems.error(['type'], `schedules support the types constant and gmm_temporal, not "${raw.type}"`);
  }
  if (schedule === null) throw new UsageError('IMPLY_CONFIG', describeProblems(problems.errors, doc, display));
  return schedule;
}
