#!/usr/bin/env node
// Builds the oneDNN addon (build/Release/onednn.node) with node-gyp, and never fails: the
// package is optional, so a machine without libdnnl-dev (or a compiler) still installs, and
// training uses another backend. On failure it prints one line saying why.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const nodeGyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
// Use the headers of the running Node when they are installed (Debian/NodeSource packages put
// them in <prefix>/include/node), so no header download is needed.
const prefix = dirname(dirname(process.execPath));
const nodedir = existsSync(join(prefix, 'include', 'node', 'node_api.h'))
  ? [`--nodedir=${prefix}`]
  : [];

const result = spawnSync(process.execPath, [nodeGyp, 'rebuild', ...nodedir], {
  cwd: packageRoot,
  encoding: 'utf8',
});
if (result.status === 0) {
  console.log('kernels-onednn: native addon built (build/Release/onednn.node)');
} else {
  console.log(`kernels-onednn: native build skipped (${reasonOf(result)}); training will use wasm`);
}

/** The first line of the build log that says what went wrong. */
function reasonOf({ error, stdout, stderr }) {
  if (error) return error.message;
  const lines = `${stderr}\n${stdout}`.split('\n');
  if (lines.some((line) => line.includes('dnnl.hpp') && line.includes('No such file'))) {
    return 'oneDNN headers not found: install libdnnl-dev';
  }
  const first =
    lines.find((line) => /\berror\b/i.test(line) && !line.startsWith('gyp ERR! stack')) ??
    lines.find((line) => line.trim() !== '');
  return (first ?? 'node-gyp failed').replace(/\s+/g, ' ').trim().slice(0, 200);
}
