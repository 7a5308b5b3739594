#!/usr/bin/env bash
# QGIS (Debian qgis, python3-qgis, qgis-providers) opening the service headless through its OAPIF provider:
# the sample served as in Tools/serve-smoke.sh, then Tools/qgis_check.py (counts, fields, MultiPolygon, bbox).
#   bash Tools/qgis-check.sh [MAILLAGE_BINARY]     (default .build/debug/maillage; builds nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
maillage=$(realpath -m "${1:-.build/debug/maillage}")
/usr/bin/python3 -c 'import qgis.core' 2>/dev/null || { echo "PyQGIS is missing: apt-get install qgis python3-qgis qgis-providers"; exit 1; }
source Tools/sample-service.sh
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$work" HOME="$work" PYTHONDONTWRITEBYTECODE=1 timeout 110 /usr/bin/python3 Tools/qgis_check.py "$url"
