/** A labelled recording on disk, found by a folder scan or a manifest, not yet decoded. */
export interface RecordingRef {
  /** Path relative to the dataset root (forward slashes), e.g. 'plastic/3000hz/deg036/003.wav'. */
  id: string;
  /** Path to open. */
  path: string;
  material: string;
  frequencyHz: number;
  angleDeg: number;
}

/** Which recordings a dataset keeps. */
export interface RecordingSelection {
  material: string;
  frequencyHz: number;
}

/** Ascending by angle, then by id, so every loader yields the same order. */
export function compareRecordings(a: RecordingRef, b: RecordingRef): number {
  return a.angleDeg - b.angleDeg || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
