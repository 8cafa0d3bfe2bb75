import { readdir, readlink, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DspError,
  fileSystemProblem,
  problem,
  type RecordingProblem,
  throwProblems,
} from './errors.js';
import { escapeFileName } from './file-name.js';
import { compareRecordings, type RecordingRef, type RecordingSelection } from './recording.js';

const LAYOUT = '<root>/<material>/<freq>hz/deg<angle>/*.wav';
const ANGLE_FOLDER = /^deg(\d+(?:\.\d+)?)$/;

/** A folder entry with symbolic links resolved (`stat`, not `lstat`). */
interface Entry {
  name: string;
  kind: 'file' | 'folder' | 'other';
}

/** The recordings found, and every file or folder that could not be used (see `listRecordingFolder`). */
export interface RecordingFolderListing {
  recordings: RecordingRef[];
  problems: RecordingProblem[];
}

/**
 * Lists the recordings of one material and frequency in a folder laid out as
 * `<root>/<material>/<freq>hz/deg<angle>/*.wav` (the seed's SpectrogramDatasetWithMaterial).
 * Throws one `DspError('BAD_RECORDINGS')` listing every bad entry (see `listRecordingFolder`).
 */
export async function scanRecordingFolder(
  root: string,
  selection: RecordingSelection,
): Promise<RecordingRef[]> {
  const { recordings, problems } = await listRecordingFolder(root, selection);
  throwProblems(problems, `dataset folder ${root}`);
  return recordings;
}

/**
 * Like `scanRecordingFolder`, but returns the bad entries instead of throwing, so a loader can
 * report them together with problems found later in the files. Hidden entries and non-WAV files
 * are ignored. Symbolic links to files and folders are followed; a broken link, a link loop, two
 * angle folders (or two WAV links) that are one real folder (file), a folder beside the
 * `deg<angle>` folders, a name that is not UTF-8 and an unreadable folder are problems: each
 * would silently drop or duplicate recordings. A missing or unreadable root, material or
 * frequency folder throws at once (nothing below it can be listed).
 */
export async function listRecordingFolder(
  root: string,
  { material, frequencyHz }: RecordingSelection,
): Promise<RecordingFolderListing> {
  const problems: RecordingProblem[] = [];
  const materials = await listOrThrow(
    root,
    'NOT_FOUND',
    `dataset source ${root} is not a readable folder; expected 'synthetic', a .csv manifest or ${LAYOUT}`,
  );
  if (materials.length === 0) {
    throw new DspError('EMPTY_DATASET', `dataset folder ${root} is empty; expected ${LAYOUT}`);
  }
  const materialDir = join(root, material);
  const frequencies = await listOrThrow(
    materialDir,
    'NO_RECORDINGS',
    `no recordings for material '${material}': expected folder ${materialDir}; found ${folderNames(materials)}`,
  );
  const frequencyFolder = `${frequencyHz}hz`;
  const frequencyDir = join(materialDir, frequencyFolder);
  const angleEntries = await listOrThrow(
    frequencyDir,
    'NO_RECORDINGS',
    `no recordings at ${frequencyHz} Hz for '${material}': expected folder ${frequencyDir}; found ${folderNames(frequencies)}`,
    problems,
  );
  const recordings: RecordingRef[] = [];
  const realFolders = new Map<string, string>();
  const realFiles = new Map<string, string>();
  for (const entry of angleEntries) {
    if (entry.kind !== 'folder') continue;
    const angleDir = join(frequencyDir, entry.name);
    const match = ANGLE_FOLDER.exec(entry.name);
    if (!match) {
      problems.push(
        problem(
          angleDir,
          'BAD_FOLDER_NAME',
          `expected a folder named deg<number> (e.g. deg036), as in ${LAYOUT}`,
        ),
      );
      continue;
    }
    const firstSeen = await firstVisit(angleDir, realFolders, problems);
    if (firstSeen !== null) {
      problems.push(
        problem(
          angleDir,
          'BAD_SYMLINK',
          `is the same folder as ${firstSeen} (a symbolic link); its recordings would be counted twice`,
        ),
      );
      continue;
    }
    const files = await listEntries(angleDir, problems);
    for (const file of files ?? []) {
      if (file.kind !== 'file' || !file.name.toLowerCase().endsWith('.wav')) continue;
      const path = join(angleDir, file.name);
      const sameFile = await firstVisit(path, realFiles, problems);
      if (sameFile !== null) {
        problems.push(
          problem(
            path,
            'BAD_SYMLINK',
            `is the same file as ${sameFile} (a symbolic link); it would be counted twice`,
          ),
        );
        continue;
      }
      recordings.push({
        id: [material, frequencyFolder, entry.name, file.name].join('/'),
        path,
        material,
        frequencyHz,
        angleDeg: Number(match[1]),
      });
    }
  }
  if (recordings.length === 0 && problems.length === 0) {
    throw new DspError(
      'EMPTY_DATASET',
      `no .wav files under ${frequencyDir}; expected ${frequencyDir}/deg<angle>/*.wav`,
    );
  }
  return { recordings: recordings.sort(compareRecordings), problems };
}

/** Records `path`'s real path; returns the path seen first when it was already there, else null. */
async function firstVisit(
  path: string,
  seen: Map<string, string>,
  problems: RecordingProblem[],
): Promise<string | null> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    problems.push(fileSystemProblem(path, error, 'resolve the path'));
    return path;
  }
  const first = seen.get(real);
  if (first !== undefined) return first;
  seen.set(real, path);
  return null;
}

/**
 * Lists a folder that must exist: a missing one throws `missing` (with `code`), any other cause
 * (permission denied …) is kept. With `problems`, bad entries inside are collected there;
 * without, they are ignored (entries of other materials or frequencies are not this dataset's).
 */
async function listOrThrow(
  dir: string,
  code: 'NOT_FOUND' | 'NO_RECORDINGS',
  missing: string,
  problems?: RecordingProblem[],
): Promise<Entry[]> {
  const listingProblems: RecordingProblem[] = [];
  const entries = await listEntries(dir, listingProblems);
  if (entries === null) {
    const [first] = listingProblems;
    if (first.code === 'NOT_FOUND') throw new DspError(code, missing);
    throw new DspError(first.code, first.message);
  }
  problems?.push(...listingProblems);
  return entries;
}

/**
 * The visible entries of `dir`, sorted by name, symbolic links resolved; names are read as bytes
 * so a name that is not UTF-8 is reported as such (escaped) rather than as a missing file.
 * Returns null (and a problem) when the folder itself cannot be listed.
 */
async function listEntries(dir: string, problems: RecordingProblem[]): Promise<Entry[] | null> {
  let raw: { name: Buffer; isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }[];
  try {
    raw = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    problems.push(fileSystemProblem(dir, error, 'list the folder'));
    return null;
  }
  const entries: Entry[] = [];
  for (const dirent of raw) {
    const { text: name, utf8 } = escapeFileName(dirent.name);
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (!utf8) {
      if (dirent.isDirectory() || name.toLowerCase().endsWith('.wav')) {
        problems.push(
          problem(
            path,
            'BAD_FILE_NAME',
            'the name is not valid UTF-8 (bytes shown as \\xNN); rename it in UTF-8, e.g. with convmv',
          ),
        );
      }
      continue;
    }
    let kind: Entry['kind'] = dirent.isFile() ? 'file' : dirent.isDirectory() ? 'folder' : 'other';
    if (dirent.isSymbolicLink()) {
      try {
        const target = await stat(path);
        kind = target.isFile() ? 'file' : target.isDirectory() ? 'folder' : 'other';
      } catch (error) {
        problems.push(await brokenLink(path, error));
        continue;
      }
    }
    entries.push({ name, kind });
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function brokenLink(path: string, error: unknown): Promise<RecordingProblem> {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== 'ENOENT') return fileSystemProblem(path, error, 'follow the symbolic link');
  const target = await readlink(path).catch(() => '?');
  return problem(
    path,
    'BAD_SYMLINK',
    `broken symbolic link to ${target} (no such file or folder); expected it to point to a WAV file or a folder`,
  );
}

function folderNames(entries: Entry[]): string {
  const folders = entries.filter((e) => e.kind === 'folder').map((e) => e.name);
  return folders.length > 0 ? folders.join(', ') : 'no folders';
}
