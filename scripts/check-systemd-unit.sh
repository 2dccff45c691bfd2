#!/usr/bin/env bash
# Verifies the systemd unit and prints its security exposure score.
# usage: scripts/check-systemd-unit.sh FEEDWATCH_BINARY
# Exits 4 (CTest's "skipped") where systemd-analyze is missing, 1 when the
# unit does not verify or its exposure is above 2.5.
set -euo pipefail
binary=$(realpath "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
command -v systemd-analyze >/dev/null || { echo "SKIPPED: no systemd-analyze"; exit 4; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The unit names the installed binary; point it at this build's instead.
sed "s|@CMAKE_INSTALL_FULL_BINDIR@/feedwatch|$binary|" "$top/systemd/feedwatch.service.in" \
  > "$work/feedwatch.service"

echo "== systemd-analyze verify"
systemd-analyze verify "$work/feedwatch.service"
echo "(clean)"
echo "== systemd-analyze security --offline=yes"
report=$(systemd-analyze security --offline=yes "$work/feedwatch.service" 2>&1)
echo "$report" | tail -n 3
score=$(echo "$report" | sed -n 's/.*Overall exposure level for feedwatch.service: \([0-9.]*\).*/\1/p')
echo "exposure: $score (limit 2.5)"
awk -v s="$score" 'BEGIN { exit !(s != "" && s <= 2.5) }'
