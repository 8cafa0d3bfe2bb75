import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DspError, encodeWav, loadDataset, scanRecordingFolder } from '../src/index.js';

let root: string;
const selection = { material: 'plastic', frequencyHz: 3000 };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ranker-dsp-folder-'));
  await chmod(root, 0o755); // readable by the unprivileged user of the permission test
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeTone(path: string, length = 800): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  const samples = Float32Array.from({ length }, (_, n) => 0.1 * Math.sin(n / 3));
  await writeFile(path, encodeWav(samples, 8000, '16'));
}

async function caught(promise: Promise<unknown>): Promise<DspError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DspError);
    return error as DspError;
  }
  throw new Error('expected a DspError');
}

describe('folder loading: symbolic links', () => {
  it('follows links to WAV files and to angle folders', async () => {
    const raw = join(root, 'raw');
    await writeTone(join(raw, 'take1.wav'));
    await writeTone(join(raw, 'take2.wav'));
    await writeTone(join(raw, 'deg090-real/a.wav'));
    const folder = join(root, 'linked/plastic/3000hz');
    await writeTone(join(folder, 'deg000/plain.wav'));
    await symlink(join(raw, 'take1.wav'), join(folder, 'deg000/link1.wav'));
    await symlink(join(raw, 'take2.wav'), join(folder, 'deg000/link2.wav'));
    await symlink(join(raw, 'deg090-real'), join(folder, 'deg090'));
    const refs = await scanRecordingFolder(join(root, 'linked'), selection);
    expect(refs.map((r) => r.id)).toEqual([
      'plastic/3000hz/deg000/link1.wav',
      'plastic/3000hz/deg000/link2.wav',
      'plastic/3000hz/deg000/plain.wav',
      'plastic/3000hz/deg090/a.wav',
    ]);
    const dataset = await loadDataset({ source: join(root, 'linked'), size: [8, 8] });
    expect(dataset.samples).toHaveLength(4);
    expect(dataset.anglesDeg).toEqual([0, 90]);
  });

  it('reports broken links, link loops and a folder reached twice, all in one error', async () => {
    const base = join(root, 'badlinks');
    const folder = join(base, 'plastic/3000hz');
    await writeTone(join(folder, 'deg000/a.wav'));
    await writeTone(join(folder, 'deg090/a.wav'));
    await symlink(join(base, 'nowhere.wav'), join(folder, 'deg000/broken.wav'));
    await symlink(join(folder, 'deg000/loop.wav'), join(folder, 'deg000/loop.wav'));
    await symlink(join(folder, 'deg000'), join(folder, 'deg180'));
    await symlink(join(folder, 'deg000/a.wav'), join(folder, 'deg090/b.wav'));
    const error = await caught(loadDataset({ source: base }));
    expect(error.code).toBe('BAD_RECORDINGS');
    expect(error.problems.map((p) => [p.path, p.code])).toEqual([
      [join(folder, 'deg000/broken.wav'), 'BAD_SYMLINK'],
      [join(folder, 'deg000/loop.wav'), 'BAD_SYMLINK'],
      [join(folder, 'deg090/b.wav'), 'BAD_SYMLINK'],
      [join(folder, 'deg180'), 'BAD_SYMLINK'],
    ]);
    expect(error.message).toContain(
      `${join(folder, 'deg000/broken.wav')}: broken symbolic link to ${join(base, 'nowhere.wav')}`,
    );
    expect(error.message).toContain(
      `${join(folder, 'deg000/loop.wav')}: cannot follow the symbolic link: symbolic link loop (ELOOP)`,
    );
    expect(error.message).toContain(
      `${join(folder, 'deg180')}: is the same folder as ${join(folder, 'deg000')}`,
    );
    expect(error.message).toContain(
      `${join(folder, 'deg090/b.wav')}: is the same file as ${join(folder, 'deg000/a.wav')}`,
    );
  });
});

describe('folder loading: every bad file in one error', () => {
  it('lists five bad files (and a bad folder name) with the reason for each', async () => {
    const base = join(root, 'fivebad');
    const folder = join(base, 'plastic/3000hz');
    await writeTone(join(folder, 'deg000/good.wav'));
    await writeTone(join(folder, 'deg090/good.wav'));
    const bad = ['deg000/a.wav', 'deg000/b.wav', 'deg090/c.wav', 'deg090/d.wav', 'deg090/e.wav'];
    for (const name of bad) await writeFile(join(folder, name), 'not audio');
    await writeTone(join(folder, 'angle36/x.wav'));
    const error = await caught(loadDataset({ source: base }));
    expect(error.code).toBe('BAD_RECORDINGS');
    expect(error.problems).toHaveLength(6);
    expect(error.message.split('\n')[0]).toBe(`dataset ${base}: 6 problems`);
    expect(error.problems[0]).toEqual({
      path: join(folder, 'angle36'),
      code: 'BAD_FOLDER_NAME',
      message: `${join(folder, 'angle36')}: expected a folder named deg<number> (e.g. deg036), as in <root>/<material>/<freq>hz/deg<angle>/*.wav`,
    });
    for (const [i, name] of bad.entries()) {
      expect(error.problems[i + 1].path).toBe(join(folder, name));
      expect(error.problems[i + 1].code).toBe('BAD_WAV');
      expect(error.message).toContain(`  - ${join(folder, name)}: not a readable WAV file`);
    }
  });
});

describe('folder loading: names and permissions keep their cause', () => {
  it('reports a file name that is not UTF-8 escaped, not as a missing file', async () => {
    const base = join(root, 'latin1');
    const folder = join(base, 'plastic/3000hz');
    await writeTone(join(folder, 'deg000/a.wav'));
    await writeTone(join(folder, 'deg090/a.wav'));
    const name = Buffer.concat([
      Buffer.from(`${folder}/deg090/caf`),
      Buffer.from([0xe9]),
      Buffer.from('.wav'),
    ]);
    await writeFile(name, encodeWav(new Float32Array(800), 8000, '16'));
    const error = await caught(loadDataset({ source: base }));
    expect(error.problems).toEqual([
      {
        path: `${folder}/deg090/caf\\xE9.wav`,
        code: 'BAD_FILE_NAME',
        message: `${folder}/deg090/caf\\xE9.wav: the name is not valid UTF-8 (bytes shown as \\xNN); rename it in UTF-8, e.g. with convmv`,
      },
    ]);
    expect(error.message).not.toContain('ENOENT');
  });

  it('reports an unreadable folder and file as permission denied, naming the path', async () => {
    const base = join(root, 'locked');
    const folder = join(base, 'plastic/3000hz');
    await writeTone(join(folder, 'deg000/a.wav'));
    await writeTone(join(folder, 'deg090/a.wav'));
    await writeTone(join(folder, 'deg090/secret.wav'));
    await writeTone(join(folder, 'deg180/a.wav'));
    await chmod(join(folder, 'deg090/secret.wav'), 0o000);
    await chmod(join(folder, 'deg180'), 0o000);
    const result = loadAsUnprivilegedUser(base);
    await chmod(join(folder, 'deg180'), 0o755);
    expect(result.code).toBe('BAD_RECORDINGS');
    expect(result.problems).toEqual([
      [join(folder, 'deg090/secret.wav'), 'PERMISSION_DENIED'],
      [join(folder, 'deg180'), 'PERMISSION_DENIED'],
    ]);
    expect(result.message).toContain(
      `${join(folder, 'deg180')}: cannot list the folder: permission denied (EACCES)`,
    );
    expect(result.message).toContain(
      `${join(folder, 'deg090/secret.wav')}: cannot read the file: permission denied (EACCES)`,
    );
    await chmod(base, 0o000);
    const unreadableRoot = loadAsUnprivilegedUser(base);
    await chmod(base, 0o755);
    expect(unreadableRoot.code).toBe('PERMISSION_DENIED');
    expect(unreadableRoot.message).toBe(
      `${base}: cannot list the folder: permission denied (EACCES); expected it to be readable by this user`,
    );
  });
});

/**
 * Loads `source` in a child process as an unprivileged user: root reads any file whatever its
 * mode, so a real EACCES needs another user (uid 65534, 'nobody') when the tests run as root.
 */
function loadAsUnprivilegedUser(source: string): {
  code: string;
  message: string;
  problems: [string, string][];
} {
  const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
  const script = `import(${JSON.stringify(entry)}).then(({ loadDataset }) => loadDataset({ source: ${JSON.stringify(source)} })).then(() => console.log('{}'), (e) => console.log(JSON.stringify({ code: e.code, message: e.message, problems: e.problems.map((p) => [p.path, p.code]) })));`;
  const asRoot = process.getuid?.() === 0;
  const output = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
    encoding: 'utf8',
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  return JSON.parse(output);
}
