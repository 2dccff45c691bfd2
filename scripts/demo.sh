#!/usr/bin/env bash
# Installs what is missing, builds feedwatch, and runs the daemon on the
# bundled demo configuration (config/demo.yaml, feeds in config/demo/) until
# Ctrl-C. Alerts are printed as JSON lines; logs go to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFEEDWATCH_TESTS=OFF -DFEEDWATCH_BENCH=OFF
cmake --build build --target feedwatch

feedwatch=build/daemon/feedwatch
"$feedwatch" check -c config/demo.yaml
echo "== feedwatch run -c config/demo.yaml  (Ctrl-C to stop; state in config/demo.db)"
exec "$feedwatch" run -c config/demo.yaml
