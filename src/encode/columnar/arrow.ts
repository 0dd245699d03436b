/**
 * apache-arrow, loaded when a columnar format is first asked for: importing it takes
 * longer than the rest of clickgen's start-up, so the columnar modules reach it through
 * here instead of a static import (the CLI bundle would hoist that to start-up).
 */
export type ArrowLibrary = typeof import('apache-arrow');

let library: ArrowLibrary | undefined;

export async function loadArrow(): Promise<ArrowLibrary> {
  return (library ??= await import('apache-arrow'));
}

/** The library, once `loadArrow` has resolved (the columnar sinks await it before building anything). */
export function arrow(): ArrowLibrary {
  if (library === undefined) throw new Error('apache-arrow is used before loadArrow() resolved');
  return library;
}
