import type { PathKey } from './paths.js';
import type { RuleProblem } from './rules.js';

/**
 * Settings are a scenario's named knobs: `settings: { max_users: 100000 }` at the top,
 * `{ setting: max_users }` wherever the value is used. A knob used in several places
 * (a pool size, a catalog size, session bounds) is then one `--set settings.NAME=...`
 * away, and the file says which numbers are meant to be tuned.
 *
 * References are replaced by the settings' values before the scenario is validated, so
 * every place accepts exactly what it would accept written out.
 */

/** Replaces every `{ setting: NAME }` in `raw` (outside `settings` itself), in place. */
export function resolveSettings(raw: Record<string, unknown>): { errors: RuleProblem[]; warnings: RuleProblem[] } {
  const errors: RuleProblem[] = [];
  const declared = raw.settings;
  if (declared !== undefined && !isMapping(declared)) {
    return { errors: [{ path: ['settings'], message: 'must be a mapping of setting names to values' }], warnings: [] };
  }
  const settings = declared ?? {};
  const used = new Set<string>();

  const visit = (node: unknown, path: PathKey[]): unknown => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) node[i] = visit(node[i], [...path, i]);
      return node;
    }
    if (!isMapping(node)) return node;
    if (isReference(node)) {
      const name = node.setting;
      if (typeof name !== 'string') {
        errors.push({ path: [...path, 'setting'], message: 'must be the name of a setting' });
        return node;
      }
      if (!Object.hasOwn(settings, name)) {
        const known = Object.keys(settings);
        errors.push({ path: [...path, 'setting'], message: `unknown setting "${name}"; ${known.length > 0 ? `settings are ${known.join(', ')}` : 'the scenario defines no settings'}` });
        return node;
      }
      used.add(name);
      return structuredClone(settings[name]);
    }
    for (const key of Object.keys(node)) {
      if (path.length === 0 && key === 'settings') continue;
      node[key] = visit(node[key], [...path, key]);
    }
    return node;
  };
  visit(raw, []);

  const warnings = Object.keys(settings)
    .filter((name) => !used.has(name))
    .map((name): RuleProblem => ({ path: ['settings', name], message: `is not used: no value refers to it with { setting: ${name} }` }));
  return { errors, warnings };
}

/** A reference is a mapping with the single key `setting`. */
function isReference(node: Record<string, unknown>): boolean {
  const keys = Object.keys(node);
  return keys.length === 1 && keys[0] === 'setting';
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
