import { existsSync, readFileSync } from 'node:fs';
import { arch, cpus, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function readPackage(file: string): { name?: string; version?: string } {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Version of an installed package: the nearest package.json named `name` above its entry. */
function packageVersion(name: string): string {
  try {
    let dir = dirname(fileURLToPath(import.meta.resolve(name)));
    for (;;) {
      const file = join(dir, 'package.json');
      if (existsSync(file) && readPackage(file).name === name)
        return readPackage(file).version ?? 'unknown';
      if (dirname(dir) === dir) return 'unknown';
      dir = dirname(dir);
    }
  } catch {
    return 'unknown';
  }
}

/** Software versions a run depends on (config.json `versions`). */
export function runtimeVersions(): Record<string, string> {
  // ../package.json is the package root from both src/ and dist/.
  const own = readPackage(fileURLToPath(new URL('../package.json', import.meta.url)));
  return {
    '@ranker/trainer': own.version ?? 'unknown',
    '@ranker/model': packageVersion('@ranker/model'),
    '@ranker/dsp': packageVersion('@ranker/dsp'),
    node: process.versions.node,
    v8: process.versions.v8,
  };
}

/** The machine a run trained on (config.json `machine`). */
export function machineDescription(): Record<string, string | number> {
  const cores = cpus();
  return {
    platform: platform(),
    release: release(),
    arch: arch(),
    cpu: cores[0]?.model ?? 'unknown',
    cpuCount: cores.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  };
}
