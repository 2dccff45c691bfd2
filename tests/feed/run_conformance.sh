#!/bin/sh
# Runs the external conformance corpus (../shared/conformance) through the
# feedwatch binary; fails unless >= 99% of value checks pass and nothing
# crashes. Exits 4 (CTest "skipped") when the corpus is absent.
# usage: run_conformance.sh SHARED_DIR FEEDWATCH_BINARY REPORT_FILE
shared="$1"; binary="$2"; report="$3"
if [ ! -f "$shared/conformance/check.py" ]; then
  echo "SKIPPED: $shared/conformance is absent"
  exit 4
fi
/usr/bin/python3 "$shared/conformance/check.py" "$shared/conformance/feedparser/manifest.json" \
  --parser "$binary parse {input} --json" --report "$report" --show 30 || exit 1
/usr/bin/python3 - "$report" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
rate = r["value_ok"] / max(r["value_total"], 1)
print(f"value checks {r['value_ok']}/{r['value_total']} ({100 * rate:.1f}%), crashes {r['crashes']}")
sys.exit(0 if rate >= 0.99 and r["crashes"] == 0 else 1)
PY
