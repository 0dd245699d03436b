import type { Scenario } from '../../scenario/schema.js';

/**
 * The output field that holds the event type: the one written from `{ ref: event.type }`
 * (dotted when nested in an `object`), so the page's preview and live mix read the right
 * field whatever the scenario calls it (`interaction_type`, `event.name`, ...). Null when no
 * field writes it.
 */
export function eventTypeField(scenario: Scenario): string | null {
  return search(scenario.fields, []);
}

function search(fields: Readonly<Record<string, unknown>>, prefix: readonly string[]): string | null {
  for (const [name, source] of Object.entries(fields)) {
    if (source === null || typeof source !== 'object') continue;
    if ('ref' in source && source.ref === 'event.type') return [...prefix, name].join('.');
    if ('object' in source && source.object !== null && typeof source.object === 'object') {
      const inner = search(source.object as Record<string, unknown>, [...prefix, name]);
      if (inner !== null) return inner;
    }
  }
  return null;
}
