/**
 * apache-arrow, loaded when a columnar format is first asked for: importing it takes
 * longer than the rest of clickgen's start-up, so the columnar modules reach it through
 * here instead of a static import (the CLI bundle would hoist that to start-up).
 */
export type ArrowLibrary = typeof import('apache-arrow');
/** apache-arrow's encoding of the IPC file format's footer, which its main entry does not export. */
export type ArrowFileMetadata = typeof import('apache-arrow/ipc/metadata/file');

let library: ArrowLibrary | undefined;
let fileMetadata: ArrowFileMetadata | undefined;

export async function loadArrow(): Promise<ArrowLibrary> {
  [library, fileMetadata] = await Promise.all([library ?? import('apache-arrow'), fileMetadata ?? import('apache-arrow/ipc/metadata/file')]);
  return library;
}

/** The library, once `loadArrow` has resolved (the columnar sinks await it before building anything). */
export function arrow(): ArrowLibrary {
  if (library === undefined) throw new Error('apache-arrow is used before loadArrow() resolved');
  return library;
}

/** The footer's encoding, once `loadArrow` has resolved. */
export function arrowFileMetadata(): ArrowFileMetadata {
  if (fileMetadata === undefined) throw new Error('apache-arrow is used before loadArrow() resolved');
  return fileMetadata;
}
