#!/usr/bin/env bash
# Builds one libFuzzer target with clang (ASan + UBSan) and runs it.
#
#   scripts/fuzz.sh TARGET [SECONDS]     TARGET: feed_parser_fuzz | query_fuzz | config_fuzz
#
# SECONDS defaults to 600. The build goes to $BUILD_DIR (default build-fuzz);
# the growing corpus to $BUILD_DIR/fuzz-corpus/TARGET, seeded from
# tests/data (feed_parser_fuzz, plus ../shared/conformance feeds when that
# folder exists), tests/data/queries (query_fuzz), or the example
# configurations under config/, each alone and followed by "---" and each
# example rule file (config_fuzz). Findings (crash-*,
# leak-*, timeout-*, oom-*) land in $BUILD_DIR/fuzz-findings/TARGET; the
# script then exits non-zero. Reproduce one with:
#   $BUILD_DIR/fuzz/TARGET $BUILD_DIR/fuzz-findings/TARGET/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: scripts/fuzz.sh TARGET [SECONDS]   (TARGET: feed_parser_fuzz | query_fuzz | config_fuzz)"
target=${1:?$usage}
seconds=${2:-600}
build_dir=${BUILD_DIR:-$PWD/build-fuzz}

# config_fuzz reads a configuration, then after a line "---" a rule file.
make_config_seeds() {
  local folder=$1 config rules
  rm -rf "$folder"
  mkdir -p "$folder"
  for config in config/*.yaml; do
    cp "$config" "$folder/$(basename "$config")"
    for rules in config/rules.d/*.yaml tests/data/queries/*.yaml; do
      { cat "$config"; printf '\n---\n'; cat "$rules"; } >"$folder/$(basename "$config" .yaml)+$(basename "$rules")"
    done
  done
}

case "$target" in
  feed_parser_fuzz) seed_dirs=(tests/data ../shared/conformance/feedparser/feeds) ;;
  query_fuzz) seed_dirs=(tests/data/queries) ;;
  config_fuzz) seed_dirs=("$build_dir/fuzz-seeds/config_fuzz") ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
if [ ! -f "fuzz/$target.cpp" ]; then
  echo "fuzz.sh: fuzz/$target.cpp does not exist yet" >&2
  exit 2
fi

CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DFEEDWATCH_FUZZ=ON -DFEEDWATCH_TESTS=OFF -DFEEDWATCH_BENCH=OFF >/dev/null
cmake --build "$build_dir" --target "$target"

[ "$target" = config_fuzz ] && make_config_seeds "${seed_dirs[0]}"
corpus="$build_dir/fuzz-corpus/$target"
findings="$build_dir/fuzz-findings/$target"
mkdir -p "$corpus" "$findings"
# Seeds are named by content hash, so re-seeding never duplicates a file.
for seed_dir in "${seed_dirs[@]}"; do
  [ -d "$seed_dir" ] || continue
  while IFS= read -r -d '' seed; do
    cp "$seed" "$corpus/seed-$(sha1sum <"$seed" | cut -c1-40)"
  done < <(find "$seed_dir" -type f -size -1024k -print0)
done
echo "fuzz.sh: corpus $corpus holds $(find "$corpus" -type f | wc -l) inputs"

dictionary_option=()
[ -f "fuzz/$target.dict" ] && dictionary_option=(-dict="fuzz/$target.dict")

# UBSan only reports by default; halting makes undefined behaviour a finding.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
findings_before=$(find "$findings" -type f | wc -l)
status=0
"$build_dir/fuzz/$target" "${dictionary_option[@]}" -max_total_time="$seconds" \
  -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
  -artifact_prefix="$findings/" "$corpus" || status=$?
findings_after=$(find "$findings" -type f | wc -l)

if [ "$status" -ne 0 ] || [ "$findings_after" -gt "$findings_before" ]; then
  echo "fuzz.sh: $target found a problem (exit $status); reproducers in $findings:" >&2
  ls -1t "$findings" >&2
  exit 1
fi
echo "fuzz.sh: $target ran ${seconds}s without a finding"
