#!/usr/bin/env bash
# The CSV a French Excel opens, read back: three tables of the sample (accessibility by commune and coverage by
# département from the CLI, a coordinator's assignments from the API), each `--format csv-excel`, read by Python's csv
# module and opened by LibreOffice in a French locale (converted to xlsx, read with openpyxl): accents intact, numbers
# read as numbers. Tools/excel_check.py says what it checks.
#   bash Tools/excel-check.sh [MAILLAGE_BINARY]     (default .build/debug/maillage; builds nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
maillage=$(realpath -m "${1:-.build/debug/maillage}")
command -v libreoffice >/dev/null || { echo "LibreOffice is missing: apt-get install libreoffice-calc-nogui"; exit 1; }
source Tools/sample-service.sh
"$maillage" accessibility --departement 80 --format csv-excel >"$work/accessibilite.csv"
"$maillage" coverage --by departement --format csv-excel >"$work/couverture.csv"
"$maillage" match --cpts CPTS-80-002 --commit >/dev/null 2>&1
curl -sf -H "Authorization: Bearer $coordinator_token" "${url}api/v1/assignments?format=csv-excel" >"$work/affectations.csv"
PYTHONDONTWRITEBYTECODE=1 timeout 170 python3 Tools/excel_check.py "$work" accessibilite.csv couverture.csv affectations.csv
