#!/usr/bin/env bash
# The parse benchmark in one command (bench/README.md, "parse").
#
#   scripts/bench-parse.sh [MB]      MB of generated feeds, default 200
#
# 1. generates MB MiB of feeds (bench/parse/generate_feeds.py, fixed seed)
#    into $BUILD_DIR/bench-data/parse-MB, unless an identical set is there;
# 2. builds parse_bench (Release) and times (a) pugixml / nlohmann::json raw
#    parsing and (b) feedwatch's full parse over all of them;
# 3. times (c) python3-feedparser on a subset of the XML feeds (10 MiB, or
#    MB/5 when smaller) and (b) on the same subset, and prints the ratios
#    against the targets (b)/(a) >= 0.4 and (b)/(c) >= 100.
# `scripts/bench-parse.sh 5` runs in seconds, for CI. BENCH_ENFORCE=1 makes
# a missed target an exit status of 1. BUILD_DIR defaults to build-bench.
# PARSE_BENCH=PATH uses that parse_bench binary instead of building one (the
# test suite's brief run uses the one it already built).
set -euo pipefail
cd "$(dirname "$0")/.."

megabytes=${1:-200}
build_dir=${BUILD_DIR:-$PWD/build-bench}
python=/usr/bin/python3
generator=bench/parse/generate_feeds.py
subset_megabytes=$(awk -v total="$megabytes" 'BEGIN { s = total / 5; if (s > 10) s = 10; print s }')
repeat=$(awk -v total="$megabytes" 'BEGIN { print (total <= 20) ? 3 : 1 }')

# 1. Feeds, regenerated only when the generator or the size changed.
data_dir="$build_dir/bench-data/parse-$megabytes"
stamp="$(sha1sum "$generator" | cut -c1-40) $megabytes $subset_megabytes"
if [ "$(cat "$data_dir/stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$data_dir"
  "$python" "$generator" "$data_dir" "$megabytes" --subset-megabytes "$subset_megabytes"
  echo "$stamp" >"$data_dir/stamp"
fi

# 2. The C++ benchmark, optimized as a release would be.
bench=${PARSE_BENCH:-}
if [ -z "$bench" ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DFEEDWATCH_TESTS=OFF -DFEEDWATCH_BENCH=ON >/dev/null
  cmake --build "$build_dir" --target parse_bench >/dev/null
  bench="$build_dir/bench/parse/parse_bench"
fi

value() {  # value KEY "RESULT ..." -> the number after KEY=
  echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

echo "== all feeds: $(uname -m), $(nproc) cores, $(date -u +%Y-%m-%d)"
full_output=$("$bench" "$data_dir/feeds" --repeat "$repeat" --by-kind)
echo "$full_output" | grep -v '^RESULT'
full_result=$(echo "$full_output" | grep '^RESULT')

# 3. The feedparser baseline, and (b) on exactly the same files.
echo "== feedparser subset ($(wc -l <"$data_dir/feedparser-subset.txt") XML feeds)"
subset_output=$("$bench" "$data_dir/feeds" --files "$data_dir/feedparser-subset.txt" --repeat 3)
echo "$subset_output" | grep '^(b)'
python_output=$("$python" bench/parse/feedparser_baseline.py "$data_dir/feeds" "$data_dir/feedparser-subset.txt")
echo "$python_output" | grep -v '^RESULT'

ratio_raw=$(value ratio_full_to_raw "$full_result")
subset_speed=$(value full_mb_per_s "$(echo "$subset_output" | grep '^RESULT')")
python_speed=$(value mb_per_s "$(echo "$python_output" | grep '^RESULT')")
ratio_python=$(awk -v b="$subset_speed" -v c="$python_speed" 'BEGIN { printf "%.0f", b / c }')

echo "== summary"
missed=0
verdict() {  # verdict NAME VALUE TARGET
  if awk -v v="$2" -v t="$3" 'BEGIN { exit !(v >= t) }'; then
    echo "$1 = $2 (target >= $3: met)"
  else
    echo "$1 = $2 (target >= $3: MISSED)"
    missed=1
  fi
}
verdict "(b)/(a) full parse vs raw parse" "$ratio_raw" 0.4
verdict "(b)/(c) full parse vs python3-feedparser" "$ratio_python" 100
if [ "${BENCH_ENFORCE:-0}" = 1 ] && [ "$missed" = 1 ]; then
  exit 1
fi
