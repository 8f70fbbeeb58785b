#!/usr/bin/env bash
# Run every benchmark one after another (after set-up); results go to bench/results/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"  # Qt wants one; headless machines have none
export QT_QPA_PLATFORM=offscreen
export QGIS_CUSTOM_CONFIG_PATH="${QGIS_CUSTOM_CONFIG_PATH:-$(mktemp -d)}"
py="$here/.venv/bin/python"
cd "$here"
for b in bench_load_join bench_knelpunten bench_atlas bench_participatie bench_geldstromen bench_routekaart bench_koppelkansen bench_postgis; do
  echo "== $b"
  case "$b" in
    bench_knelpunten) "$py" "bench/$b.py" --processing ;;
    bench_atlas) "$py" "bench/$b.py" --repeats 3 ;;
    *) "$py" "bench/$b.py" ;;
  esac
done
