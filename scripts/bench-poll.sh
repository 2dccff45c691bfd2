#!/usr/bin/env bash
# The polling benchmark in one command (bench/README.md, "poll").
#
#   scripts/bench-poll.sh [N]        N loopback feeds, default 10000
#
# 1. generates N feeds of ~50 KB (bench/poll/generate_feeds.py, fixed seed)
#    into $BUILD_DIR/bench-data/poll-N, unless an identical set is there;
# 2. builds feedwatch (Release) in $BUILD_DIR;
# 3. serves them with nginx on 127.0.0.1..127.0.0.$HOSTS (one port, a
#    generated config in a temp dir; ETag + Last-Modified, 304s, keep-alive);
# 4. times `feedwatch once --all` twice: the first cycle (all 200s: parse,
#    match, commit, deliver) and, after replacing 1% of the feeds with a
#    newer version, the second cycle (mostly 304s); wall time, user+sys CPU
#    and peak RSS of the feedwatch process (bench/poll/measure.py, wait4);
# 5. runs `newsboat -x reload` three times over the first $NEWSBOAT_FEEDS
#    (default 1000) of the same URLs: cold cache, then again (newsboat keeps
#    a feed's ETag/Last-Modified only from its second download on), then
#    the conditional run (304s);
# 6. prints a table, the ratios and the targets: second cycle at 10,000
#    feeds <= 20 s, feedwatch peak RSS <= 150 MB, feeds/s >= 10 x newsboat.
#
# `scripts/bench-poll.sh 200` takes well under a minute once built (CI).
# Environment: BUILD_DIR (build-bench), HOSTS (10 loopback addresses),
# CONCURRENCY (32) and PER_HOST (4) for feedwatch's fetch: section,
# NEWSBOAT_THREADS (= CONCURRENCY), NEWSBOAT_FEEDS (1000; 0 skips newsboat),
# FIRST_FETCH (all), NGINX_WORKERS (2), FEEDWATCH (a binary to use instead
# of building one), KEEP_TMP=1 keeps the temp dir,
# BENCH_ENFORCE=1 makes a missed target exit status 1.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

feeds=${1:-10000}
build_dir=${BUILD_DIR:-$PWD/build-bench}
hosts=${HOSTS:-10}
concurrency=${CONCURRENCY:-32}
per_host=${PER_HOST:-4}
newsboat_threads=${NEWSBOAT_THREADS:-$concurrency}
newsboat_feeds=${NEWSBOAT_FEEDS:-1000}
first_fetch=${FIRST_FETCH:-all}
nginx_workers=${NGINX_WORKERS:-2}
python=/usr/bin/python3
generator=bench/poll/generate_feeds.py
measure="$python $repo/bench/poll/measure.py"
[ "$newsboat_feeds" -gt "$feeds" ] && newsboat_feeds=$feeds

die() { echo "bench-poll: $*" >&2; exit 1; }
case "$feeds" in '' | *[!0-9]*) die "N must be a number of feeds, got '$feeds'" ;; esac
[ "$feeds" -ge 1 ] && [ "$feeds" -le 100000 ] || die "N must be between 1 and 100000"
[ "$hosts" -ge 1 ] && [ "$hosts" -le 250 ] || die "HOSTS must be between 1 and 250"

# 0. The server and the baseline are Debian packages. They belong in
#    scripts/install-deps.sh; until they are there, install them here.
missing=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ "$newsboat_feeds" -gt 0 ]; then command -v newsboat >/dev/null || missing+=(newsboat); fi
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "needs ${missing[*]} (apt-get install ${missing[*]}, as root)"
  echo "== installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update >/dev/null && apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

# 1. Feeds, regenerated only when the generator or N changed.
data_dir="$build_dir/bench-data/poll-$feeds"
stamp="$(sha1sum "$generator" | cut -c1-40) $feeds"
if [ "$(cat "$data_dir/stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "== generating $feeds feeds into $data_dir"
  rm -rf "$data_dir" "$data_dir.tmp"
  "$python" "$generator" "$data_dir.tmp" "$feeds"
  echo "$stamp" >"$data_dir.tmp/stamp"
  mv "$data_dir.tmp" "$data_dir"
fi

# 2. feedwatch, optimized as a release would be (FEEDWATCH=PATH: that binary).
if [ -n "${FEEDWATCH:-}" ]; then
  feedwatch=$FEEDWATCH
else
  if [ ! -f "$build_dir/CMakeCache.txt" ] || ! grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$build_dir/CMakeCache.txt"; then
    cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFEEDWATCH_TESTS=OFF >/dev/null
  fi
  echo "== building feedwatch (Release) in $build_dir"
  cmake --build "$build_dir" --target feedwatch >/dev/null
  feedwatch="$build_dir/daemon/feedwatch"
fi
[ -x "$feedwatch" ] || die "no feedwatch at $feedwatch"

# 3. A temp dir for everything that is written while measuring.
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-poll.XXXXXX")
chmod 755 "$work"  # nginx workers run as nobody when started by root
nginx_pid=
cleanup() {
  if [ -n "$nginx_pid" ]; then kill -TERM "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "(kept $work)"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The served tree: hard links to the generated feeds (no copy), so the
# changed versions can replace some of them without touching the data set.
mkdir -p "$work/www" "$work/nginx"
cp -al "$data_dir/feeds/." "$work/www/" 2>/dev/null || cp -a "$data_dir/feeds/." "$work/www/"
port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
listens=""
for h in $(seq 1 "$hosts"); do listens+="    listen 127.0.0.$h:$port;"$'\n'; done
cat >"$work/nginx/nginx.conf" <<EOF
# Generated by scripts/bench-poll.sh: static files on loopback, validators on.
worker_processes $nginx_workers;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
daemon off;
events { worker_connections 4096; }
http {
  types { application/rss+xml xml; application/atom+xml atom; }
  default_type application/xml;
  log_format bench '\$status \$body_bytes_sent';
  access_log $work/nginx/access.log bench;
  client_body_temp_path $work/nginx/client_body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65s;
  keepalive_requests 1000000;
  etag on;
  if_modified_since exact;
  server {
$listens    root $work/www;
  }
}
EOF
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
nginx_pid=$!
first_file=$(head -n 1 "$data_dir/index.tsv" | cut -f1)
for _ in $(seq 1 50); do
  curl -sf -o /dev/null "http://127.0.0.$hosts:$port/$first_file" && break
  kill -0 "$nginx_pid" 2>/dev/null || die "nginx did not start: $(cat "$work/nginx/error.log")"
  sleep 0.1
done
curl -sf -o /dev/null "http://127.0.0.$hosts:$port/$first_file" || die "nginx does not answer on port $port"

# Feed i is served from 127.0.0.(i mod HOSTS + 1): HOSTS hosts for per_host.
awk -v port="$port" -v hosts="$hosts" -F'\t' \
  '{ printf "http://127.0.0.%d:%d/%s\n", (NR - 1) % hosts + 1, port, $1 }' \
  "$data_dir/index.tsv" >"$work/urls-all.txt"
head -n "$newsboat_feeds" "$work/urls-all.txt" >"$work/urls-newsboat.txt"

# feedwatch's configuration: every feed, a handful of rules, a file notifier.
mkdir -p "$work/feedwatch/rules.d"
{
  echo "# Generated by scripts/bench-poll.sh"
  echo "state: state.db"
  echo "log_level: warn"
  echo "fetch:"
  echo "  interval: 15m"
  echo "  timeout: 60s"
  echo "  concurrency: $concurrency"
  echo "  per_host: $per_host"
  echo "  first_fetch: $first_fetch"
  echo "rules: [rules.d/*.yaml]"
  echo "notifiers:"
  echo "  archive: {type: file, path: alerts.jsonl}"
  echo "feeds:"
  sed 's/^/  - url: /' "$work/urls-all.txt"
} >"$work/feedwatch/feedwatch.yaml"
cat >"$work/feedwatch/rules.d/bench.yaml" <<'EOF'
# A handful of rules over the generated topics; each matches a small share.
rules:
  - name: chip-export-controls
    query: title:("export controls" OR sanctions OR "entity list") AND (Nvidia OR H100 OR H20 OR GPU*)
    exclude: title:football
    severity: high
    notify: [archive]
  - name: deepseek
    query: title:(deepseek OR "r1 model")
    notify: [archive]
  - name: opec-oil
    query: title:OPEC AND NEAR/5(oil, barrel*)
    notify: [archive]
  - name: rate-moves
    query: title:("interest rates" AND inflation)
    notify: [archive]
  - name: launch
    query: title:(NEAR/3(rocket, launch*)) AND NOT title:football
    notify: [archive]
  - name: vaccine-trial
    query: title:(vaccine AND trial) AND (FDA OR approval)
    notify: [archive]
EOF
"$feedwatch" check -c "$work/feedwatch/feedwatch.yaml" >"$work/check.log" 2>&1 ||
  die "feedwatch check failed: $(cat "$work/check.log")"

clock_ticks=$(getconf CLK_TCK)
nginx_cpu() {  # user+sys seconds of the nginx workers so far
  local total=0 child ticks
  for child in $(pgrep -P "$nginx_pid"); do
    ticks=$(awk '{ print $14 + $15 }' /proc/"$child"/stat 2>/dev/null || echo 0)
    total=$((total + ticks))
  done
  awk -v t="$total" -v hz="$clock_ticks" 'BEGIN { printf "%.2f", t / hz }'
}
access_lines() { wc -l <"$work/nginx/access.log"; }
statuses_since() {  # statuses_since LINE -> "200s 304s others"
  tail -n +"$(($1 + 1))" "$work/nginx/access.log" |
    awk '{ c[$1 == 200 ? 0 : $1 == 304 ? 1 : 2]++ } END { printf "%d %d %d", c[0], c[1], c[2] }'
}
value() {  # value KEY "k=v k=v" -> v
  echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# One measured run: run NAME FEEDS COMMAND... -> a row in $work/rows.
: >"$work/rows"
run() {
  local name=$1 count=$2 before_lines before_cpu result statuses cpu_nginx
  shift 2
  before_lines=$(access_lines)
  before_cpu=$(nginx_cpu)
  if ! $measure "$work/$name.result" "$work/$name.log" -- "$@"; then
    echo "bench-poll: $name failed; the end of its log:" >&2
    tail -20 "$work/$name.log" >&2
    exit 1
  fi
  statuses=$(statuses_since "$before_lines")
  cpu_nginx=$(awk -v a="$(nginx_cpu)" -v b="$before_cpu" 'BEGIN { printf "%.2f", a - b }')
  result=$(cat "$work/$name.result")
  echo "$name $count $statuses $cpu_nginx $result" >>"$work/rows"
  echo "   $name: $count feeds, 200/304/other = $statuses; $result; nginx cpu_s=$cpu_nginx"
}

echo "== $(uname -m), $(nproc) cores, $(date -u +%Y-%m-%d), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   $feeds feeds ($(du -sh --apparent-size "$data_dir/feeds" | cut -f1)) on $hosts loopback hosts, port $port;" \
  "nginx $nginx_workers workers; feedwatch concurrency $concurrency, per_host $per_host, first_fetch $first_fetch"

# 4. feedwatch: first cycle, then 1% of the feeds change, then the second.
echo "== feedwatch once --all: first cycle (cold state)"
(cd "$work/feedwatch" && run fw-first "$feeds" "$feedwatch" once --all -c feedwatch.yaml)
changed=$(find "$data_dir/changed" -type f | wc -l)
find "$data_dir/changed" -type f -exec cp -p --remove-destination -t "$work/www/" {} +
echo "== feedwatch once --all: second cycle ($changed feeds changed, the rest unchanged)"
(cd "$work/feedwatch" && run fw-second "$feeds" "$feedwatch" once --all -c feedwatch.yaml)
alerts=$(wc -l <"$work/feedwatch/alerts.jsonl" 2>/dev/null || echo 0)
db_bytes=$(du -cb "$work/feedwatch"/state.db* | tail -1 | cut -f1)
seen=$("$python" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from seen_entries").fetchone()[0])' "$work/feedwatch/state.db" 2>/dev/null || echo "?")
echo "   state: $seen seen entries, $(awk -v b="$db_bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB (with WAL); $alerts alerts delivered to the file notifier"

# 5. newsboat over the first NEWSBOAT_FEEDS of the same URLs.
if [ "$newsboat_feeds" -gt 0 ]; then
  mkdir -p "$work/newsboat/home"
  printf 'reload-threads %s\ndownload-timeout 60\nshow-read-feeds yes\n' "$newsboat_threads" >"$work/newsboat/config"
  newsboat_run() {
    (cd "$work/newsboat" && HOME="$work/newsboat/home" XDG_CONFIG_HOME="$work/newsboat/home" \
      XDG_DATA_HOME="$work/newsboat/home" run "$1" "$newsboat_feeds" \
      newsboat -x reload -u "$work/urls-newsboat.txt" -c "$work/newsboat/cache.db" -C "$work/newsboat/config")
  }
  echo "== newsboat -x reload over $newsboat_feeds feeds, reload-threads $newsboat_threads"
  newsboat_run nb-first
  newsboat_run nb-again
  newsboat_run nb-second
fi

# 6. The table, the ratios and the targets.
echo "== summary ($feeds feeds; newsboat on $newsboat_feeds of them)"
awk '
  function v(field, key,   parts) { split(field, parts, "="); return parts[2] }
  BEGIN {
    label["fw-first"] = "feedwatch, first cycle"; label["fw-second"] = "feedwatch, second cycle"
    label["nb-first"] = "newsboat, first (cold)"; label["nb-again"] = "newsboat, again (keeps validators)"
    label["nb-second"] = "newsboat, conditional"
    printf "| %-34s | %6s | %6s | %6s | %8s | %8s | %8s | %9s | %8s | %8s |\n", "run", "feeds", "200s", "304s", "wall s", "feeds/s", "CPU s", "CPU ms/f", "peak MB", "nginx s"
    printf "| %-34s | %6s | %6s | %6s | %8s | %8s | %8s | %9s | %8s | %8s |\n", "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"
  }
  {
    wall = v($7); cpu = v($10); rss = v($11) / 1024
    printf "| %-34s | %6d | %6d | %6d | %8.2f | %8.1f | %8.2f | %9.3f | %8.1f | %8.2f |\n", label[$1], $2, $3, $4, wall, $2 / wall, cpu, 1000 * cpu / $2, rss, $6
  }' "$work/rows"
row() { grep "^$1 " "$work/rows" || true; }
field() {  # field RUN KEY
  local line
  line=$(row "$1")
  [ -n "$line" ] || return 0
  case "$2" in
    feeds) echo "$line" | cut -d' ' -f2 ;;
    *) value "$2" "$line" ;;
  esac
}
rate() { awk -v n="$(field "$1" feeds)" -v w="$(field "$1" wall_s)" 'BEGIN { printf "%.1f", n / w }'; }
cpu_rate() { awk -v n="$(field "$1" feeds)" -v c="$(field "$1" cpu_s)" 'BEGIN { printf "%.1f", n / (c > 0 ? c : 0.001) }'; }

missed=0
verdict() {  # verdict TEXT OK(0/1)
  if [ "$2" = 1 ]; then echo "$1: met"; else echo "$1: MISSED"; missed=1; fi
}
second_wall=$(field fw-second wall_s)
second_target=$(awk -v n="$feeds" 'BEGIN { printf "%.2f", 20 * n / 10000 }')
peak_rss=$(awk -v a="$(field fw-first maxrss_kb)" -v b="$(field fw-second maxrss_kb)" 'BEGIN { printf "%.1f", (a > b ? a : b) / 1024 }')
echo "feedwatch second cycle: $second_wall s for $feeds feeds (target <= 20 s at 10,000, i.e. <= $second_target s here)"
verdict "  second cycle time" "$(awk -v w="$second_wall" -v t="$second_target" 'BEGIN { print (w <= t) ? 1 : 0 }')"
echo "feedwatch peak RSS: $peak_rss MB (target <= 150 MB)"
verdict "  peak RSS" "$(awk -v r="$peak_rss" 'BEGIN { print (r <= 150) ? 1 : 0 }')"
if [ "$newsboat_feeds" -gt 0 ]; then
  for pair in "fw-first nb-first first" "fw-second nb-second conditional"; do
    set -- $pair
    ratio=$(awk -v a="$(rate "$1")" -v b="$(rate "$2")" 'BEGIN { printf "%.1f", a / b }')
    cpu_ratio=$(awk -v a="$(cpu_rate "$1")" -v b="$(cpu_rate "$2")" 'BEGIN { printf "%.1f", a / b }')
    echo "feeds/s, $3 cycle: feedwatch $(rate "$1") vs newsboat $(rate "$2") = ${ratio}x" \
      "(per CPU second: $(cpu_rate "$1") vs $(cpu_rate "$2") = ${cpu_ratio}x)"
    verdict "  feedwatch >= 10 x newsboat, $3 cycle (wall)" "$(awk -v r="$ratio" 'BEGIN { print (r >= 10) ? 1 : 0 }')"
  done
fi
if [ "${BENCH_ENFORCE:-0}" = 1 ] && [ "$missed" = 1 ]; then
  exit 1
fi
exit 0
