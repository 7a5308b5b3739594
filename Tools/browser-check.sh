#!/usr/bin/env bash
# The web map driven in headless Chromium by Selenium (pip selenium, Debian chromium-driver), as a CPTS coordinator
# (login, Windows-1252 waiting-list upload, matching dry run and commit, assignments downloaded as CSV) and as the ARS
# (search of a CPTS, outlined on the map): the sample served as in Tools/serve-smoke.sh, then Tools/browser_check.py.
#   bash Tools/browser-check.sh [MAILLAGE_BINARY]     (default .build/debug/maillage; builds nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
maillage=$(realpath -m "${1:-.build/debug/maillage}")
[ -x "${CHROMEDRIVER:-/usr/bin/chromedriver}" ] || { echo "chromedriver is missing: apt-get install chromium-driver"; exit 1; }
python3 -c 'import selenium' 2>/dev/null || { echo "Selenium is missing: python3 -m pip install selenium"; exit 1; }
source Tools/sample-service.sh
# The tokens through the environment, not the command line (which ps shows).
MAILLAGE_COORDINATOR_TOKEN="$coordinator_token" MAILLAGE_ARS_TOKEN="$ars_token" MAILLAGE_PRACTITIONER_TOKEN="$practitioner_token" PYTHONDONTWRITEBYTECODE=1 \
    timeout 90 python3 Tools/browser_check.py "$url"
