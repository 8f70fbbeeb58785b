#!/usr/bin/env bash
# Set up a Debian 12 machine for Wijkatlas: QGIS 3.40 LTR from bookworm-backports, a venv, pinned deps.
# Idempotent: a second run only checks and returns quickly.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${WIJKATLAS_VENV:-$here/.venv}"
stamp="$venv/.wijkatlas-setup-done"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

need_apt=0
dpkg -s python3-qgis >/dev/null 2>&1 || need_apt=1
for p in qgis-providers python3-venv python3-geopandas fonts-dejavu-core poppler-utils xvfb qgis postgresql postgresql-15-postgis-3 python3-psycopg2; do
  dpkg -s "$p" >/dev/null 2>&1 || need_apt=1
done
if [ "$need_apt" = 1 ] || ! /usr/bin/python3 -c 'import qgis.core, sys; from qgis.core import Qgis; sys.exit(0 if Qgis.QGIS_VERSION_INT >= 34000 else 1)' 2>/dev/null; then
  # Derive the backports source from the machine's own Debian source, so no mirror is written into the repository.
  src=/etc/apt/sources.list.d/wijkatlas-backports.sources
  if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    uri=""
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
      uri=$(awk '/^URIs:/{u=$2} /^Suites:/{ if ($0 ~ /bookworm( |$)/ && u!="") {print u; exit} }' /etc/apt/sources.list.d/debian.sources)
    fi
    if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
      uri=$(awk '$1=="deb" && $3=="bookworm" {print $2; exit}' /etc/apt/sources.list)
    fi
    [ -n "$uri" ] || { echo "Kan de Debian-bron niet afleiden om bookworm-backports toe te voegen." >&2; exit 1; }
    printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" | $SUDO tee "$src" >/dev/null
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    -t bookworm-backports python3-qgis qgis-providers qgis >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    python3-venv python3-pip python3-geopandas fonts-dejavu-core poppler-utils xvfb xauth zip gdal-bin \
    postgresql postgresql-15-postgis-3 python3-psycopg2 >/dev/null
  # The Debian package starts a system cluster; Wijkatlas never uses it (tests start their own on 127.0.0.1).
fi

req="$here/requirements-dev.txt"
req2="$here/requirements-shapely2.txt"
sysnumpy=$(/usr/bin/python3 -c 'import numpy; print(numpy.__version__)')
want="$(cat "$req" "$req2" | sha256sum | cut -c1-16)-$sysnumpy"
if ! { [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/python" ]; }; then
  [ -x "$venv/bin/python" ] || /usr/bin/python3 -m venv --system-site-packages "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "numpy==$sysnumpy" -r "$req"
  # shapely 2 beside the venv, not in it: the venv keeps Debian's shapely 1.8 (tests/test_shapely2.py uses both)
  rm -rf "$venv/shapely2"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps --target "$venv/shapely2" -r "$req2"
  echo "$want" > "$stamp"
fi

# The embedded sample is built from the real CBS/PDOK files in ../shared/data into an ignored folder; it is never
# committed. Rebuilt when missing or older than its sources or the build script.
data="${WIJKATLAS_SHARED_DATA:-$here/../shared/data}"
sample="$here/layers/sample/built/amsterdam_oost_2019.gpkg"
if [ -d "$data" ]; then
  if [ ! -f "$sample" ] || [ -n "$(find "$data" "$here/scripts/build_sample.py" -newer "$sample" -type f 2>/dev/null | head -1)" ]; then
    XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}" QT_QPA_PLATFORM=offscreen \
      QGIS_CUSTOM_CONFIG_PATH="$(mktemp -d)" "$venv/bin/python" "$here/scripts/build_sample.py" "$data"
  fi
elif [ ! -f "$sample" ]; then
  echo "Let op: $data ontbreekt; het ingebouwde voorbeeld (Amsterdam Oost) kan niet worden gebouwd." >&2
fi
