#!/usr/bin/env bash
# Screenshot of QGIS desktop with Wijkatlas loaded (under Xvfb, in a throw-away profile): output/qgis_wijkatlas.png
# WIJKATLAS_SCREENSHOT_DOSSIER=<dossier.gpkg> opens that dossier instead of the sample (e.g. a copy of the main job's).
# WIJKATLAS_SCREENSHOT_FORM=<layer name> also opens a feature's form (WIJKATLAS_SCREENSHOT_FILTER: an expression that
# picks the feature, WIJKATLAS_SCREENSHOT_TAB: the tab to show).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh"
cfg="$(mktemp -d)"
plugins="$cfg/profiles/default/python/plugins"
mkdir -p "$plugins" "$here/output"
ln -s "$here" "$plugins/wijkatlas"
mkdir -p "$cfg/profiles/default/QGIS"
cat > "$cfg/profiles/default/QGIS/QGIS3.ini" <<INI
[PythonPlugins]
wijkatlas=true
processing=true
[qgis]
showTips=false
checkVersion=false
allowVersionCheck=false
[core]
showTips=false
[app]
projections\\promptWhenMultipleTransformsExist=false
INI
out="$here/output/qgis_wijkatlas.png"
rm -f "$out"
export WIJKATLAS_SCREENSHOT="$out" QGIS_CUSTOM_CONFIG_PATH="$cfg"
timeout 120 xvfb-run -a -s "-screen 0 1600x1000x24" qgis --noversioncheck --nologo --skipbadlayers \
  --code "$here/scripts/screenshot_in_qgis.py" > "$here/output/qgis_screenshot.log" 2>&1 || true
rm -rf "$cfg"
[ -s "$out" ] || { echo "Geen screenshot gemaakt" >&2; exit 1; }
echo "Screenshot: $out"
