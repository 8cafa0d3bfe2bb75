#!/usr/bin/env bash
# Installs everything ranker needs on a machine with Node 20 + npm:
# the pinned pnpm, the optional system libraries (oneDNN for the fast CPU kernels, tmux for the
# terminal UI test, redis-server for sweeps on a BullMQ queue and their tests) where apt is
# available, and the workspace's dependencies from the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."

want_pnpm=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$want_pnpm" ]; then
  npm install -g -E "pnpm@$want_pnpm"
fi

# System packages are optional: without them training runs on the wasm backend, and the
# tmux and Redis tests are skipped with a message.
if command -v apt-get >/dev/null 2>&1; then
  missing=()
  dpkg -s libdnnl-dev >/dev/null 2>&1 || missing+=(libdnnl-dev)
  command -v tmux >/dev/null 2>&1 || missing+=(tmux)
  [ -x /usr/bin/redis-server ] || missing+=(redis-server)
  if [ ${#missing[@]} -gt 0 ]; then
    sudo_cmd=""
    [ "$(id -u)" = 0 ] || sudo_cmd="sudo -n"
    if { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"; } >/dev/null 2>&1; then
      echo "setup: installed ${missing[*]}"
    else
      echo "setup: could not install ${missing[*]} with apt-get; continuing without them"
    fi
  fi
fi

pnpm install --frozen-lockfile
