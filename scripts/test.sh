#!/usr/bin/env bash
# Installs what is missing, builds everything (tests, benchmarks) and runs the
# whole test suite through CTest. With --sanitize (or CI=true) it then builds
# again with ASan+UBSan and runs the suite once more.
set -euo pipefail
cd "$(dirname "$0")/.."

sanitize=false
[ "${CI:-}" = "true" ] && sanitize=true
[ "${1:-}" = "--sanitize" ] && sanitize=true

scripts/install-deps.sh

run_suite() {  # build_dir, extra cmake arguments...
  local build_dir=$1
  shift
  cmake -S . -B "$build_dir" -G Ninja "$@"
  cmake --build "$build_dir"
  ctest --test-dir "$build_dir" --output-on-failure --timeout 600 -j2
}

run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo
if $sanitize; then
  # Benchmarks are not rebuilt here: they measure the optimized build above.
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    run_suite build-sanitize -DCMAKE_BUILD_TYPE=Debug -DFEEDWATCH_SANITIZE=ON -DFEEDWATCH_BENCH=OFF
fi
