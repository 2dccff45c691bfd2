#!/usr/bin/env bash
# Installs what is missing, builds feedwatch, and runs it on the bundled demo
# configuration (config/demo.yaml and the feeds in config/demo/).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFEEDWATCH_TESTS=OFF -DFEEDWATCH_BENCH=OFF
cmake --build build --target feedwatch

feedwatch=build/daemon/feedwatch
for feed in config/demo/*; do
  echo "== feedwatch parse $feed"
  "$feedwatch" parse "$feed"
done
