import { readFileSync } from 'node:fs';
import { arch, cpus, platform, release, totalmem } from 'node:os';

/** Software versions a run depends on (config.json `versions`). */
export function runtimeVersions(): Record<string, string> {
  // ../package.json is the package root from both src/ and dist/.
  const own = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return { '@ranker/trainer': own.version, node: process.versions.node, v8: process.versions.v8 };
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
