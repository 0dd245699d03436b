import type { ScenarioInput } from './schema.js';

/** `${NAME}` or `${arithmetic}`: text that the scenario's params turn into a value when it loads. */
export type ParamText = `\${${string}}`;

/** A value as a scenario may write it: where a number or a boolean goes, a param's `${...}` text may stand. */
type Written<T> = T extends string
  ? T
  : T extends number | boolean
    ? T | ParamText
    : T extends readonly (infer Item)[]
      ? readonly Written<Item>[]
      : T extends object
        ? { readonly [K in keyof T]: Written<T[K]> }
        : T;

/** Every member optional, at every depth: what a scenario that extends another may leave out. */
type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { readonly [K in keyof T]?: DeepPartial<T[K]> } : T;

/** A scenario that extends another (a built-in name or a file): it gives only what it changes. */
export type ScenarioExtension = { readonly extends: NonNullable<ScenarioInput['extends']> } & DeepPartial<Written<Omit<ScenarioInput, 'extends'>>>;

/**
 * A scenario as an object, as a scenario file holds it: a whole scenario, or one that extends
 * another, with `${PARAM}` text where params set numbers. Loading checks it against the
 * schema, as it checks a file.
 */
export type ScenarioDocument = Written<ScenarioInput> | ScenarioExtension;
