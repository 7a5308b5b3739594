#!/usr/bin/env bash
# The tests, every tier, as CI runs them (the README's test command), on one build: release with -enable-testing
# (where users run, and where Swift ends lifetimes as early as users see; the unit tests' @testable imports need the
# flag), then AddressSanitizer's own build:
#   1. Data/ checksums;
#   2. the release build of `maillage` and the tests;
#   3. side by side: the whole suite on the embedded store (unit, integration on the Hauts-de-France sample and the
#      national import, server tests through real HTTP, GDAL and Chromium, the CLI run as a process, the web map's
#      scripts by node); the suite again on PostGIS (the unit targets apart), on a throw-away cluster
#      (Tools/postgis-scratch.sh) named by MAILLAGE_TEST_DB, where each store a test opens is a schema of its own; and
#      the clients: `maillage serve` as an operator runs it (Tools/serve-smoke.sh), held to its OpenAPI document by
#      schemathesis for the anonymous, ars and coordinator roles (Tools/schemathesis.sh), opened by QGIS headless
#      (Tools/qgis-check.sh);
#   4. the national tier (the whole country, a generated national CPTS scenario; the web map on a national store in
#      headless Chromium) on the PostGIS cluster;
#   5. GeometryKit, Territory and Cartography under AddressSanitizer, in release: they hand GEOS, PROJ and cairo handles to C
#      (this build also builds maillage-bench, so that every target compiles in CI), with the national tier but its
#      generalisation.
#   bash Tools/test.sh            (MAILLAGE_REQUIRE_VALIDATORS=1 makes the outside validators mandatory, as in CI)
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
stage() { printf '\n== %s (at %ds)\n' "$1" $((SECONDS - started)); }
# No debug information (-gnone, -g0): a fifth less to compile and link on 2 cores; failures name their file and line
# through #filePath, crashes their functions through the symbol table. The AddressSanitizer build takes the same flags,
# so that it rebuilds only what it instruments and what depends on it.
release=(-c release -Xswiftc -enable-testing -Xswiftc -gnone -Xcc -g0)
national='^NationalTests\.|^ServerTests\.National'

stage "Data/ checksums"
bash Tools/check-data.sh

stage "release build: maillage and the tests (-enable-testing), not the benchmarks (built with the AddressSanitizer stage)"
swift build "${release[@]}" --product maillage
swift build "${release[@]}" --product MaillagePackageTests
maillage="$(swift build "${release[@]}" --show-bin-path)/maillage"

# A throw-away cluster in a temporary folder, on a free loopback port, for the PostGIS tiers.
pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/maillage-test-pg.XXXXXX")
pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MAILLAGE_PG_PORT=$pg_port bash Tools/postgis-scratch.sh start "$pg_dir" >/dev/null
logs=$(mktemp -d "${TMPDIR:-/tmp}/maillage-test-logs.XXXXXX")
trap 'MAILLAGE_PG_PORT=$pg_port bash Tools/postgis-scratch.sh stop "$pg_dir"; rm -rf "$pg_dir" "$logs"' EXIT
pg_url="postgres://postgres@127.0.0.1:$pg_port/postgres"

# Tiers that share nothing run side by side: an XCTest run keeps about one core busy, a client tier mostly waits on the
# service, so two at a time fill the 2 cores of a CI machine. Each writes its own log, printed whole when it ends, with
# its time; `--ignore-lock`: the test runs only read the build, which no stage writes meanwhile.
side_by_side() {   # side_by_side NAME COMMAND… NAME COMMAND… (each command a single string, run by bash)
    local pids=() names=() failed=0
    while [ $# -gt 0 ]; do
        names+=("$1")
        (
            t0=$SECONDS
            if bash -c "$2" >"$logs/$1.log" 2>&1; then status=0; else status=$?; fi
            echo "== $1: $((SECONDS - t0))s, exit $status" >>"$logs/$1.log"
            exit $status
        ) &
        pids+=($!)
        shift 2
    done
    for i in "${!pids[@]}"; do
        wait "${pids[$i]}" || failed=1
        printf '\n---- %s ----\n' "${names[$i]}"
        cat "$logs/${names[$i]}.log"
    done
    return $failed
}
test_run="swift test ${release[*]} --skip-build --ignore-lock"

stage "side by side: the whole suite on SQLite; on PostGIS (the unit targets apart: they read no store); the smoke test, schemathesis, QGIS, the coordinator's page in Chromium (selenium) and the Excel round trip (LibreOffice)"
# On PostGIS, MAILLAGE_TEST_DB names the cluster: each store a test opens is a schema of its own. The national tier's
# classes run in the national stage below. The clients' lane: `maillage serve` as an operator runs it, then held to its
# OpenAPI document by schemathesis (anonymous, ars, coordinator), then opened by QGIS headless (PyQGIS, OAPIF), then the
# coordinator's day clicked through in Chromium (Tools/browser-check.sh), then csv-excel tables opened by LibreOffice.
side_by_side \
    sqlite "$test_run --skip '$national'" \
    postgis "MAILLAGE_TEST_DB=$pg_url $test_run --skip '$national|^(GeometryKitTests|TerritoryTests|OpenDataTests|CartographyTests)\\.'" \
    clients "bash Tools/serve-smoke.sh Data '$maillage' && bash Tools/schemathesis.sh '$maillage' && bash Tools/qgis-check.sh '$maillage' && bash Tools/browser-check.sh '$maillage' && bash Tools/excel-check.sh '$maillage'"

stage "the national tier on PostGIS (both cores: its analyses are parallel)"
# The NationalTests target runs on the embedded store under AddressSanitizer below.
MAILLAGE_TEST_DB=$pg_url swift test "${release[@]}" --skip-build --filter 'NationalTests|NationalMapTests|NationalReportMapTests'

# In release, where Swift ends lifetimes early; freed memory is overwritten (free_fill_byte), so that GEOS, which is not
# instrumented, crashes on a geometry whose Swift owner is gone instead of reading what is left of it. XCTest's own
# objects, never freed at exit, are the only leaks suppressed. The national generalisation (two and a half minutes
# under the sanitizer) runs in the stage above only: its GEOS calls are those of CoverageSimplification and
# PolygonCoverage, which GeometryKitTests drive here on hand-built coverages.
stage "GeometryKit, Territory and Cartography under AddressSanitizer, release; the national tier with them"
export MAILLAGE_SANITIZE=address
export ASAN_OPTIONS=max_free_fill_size=4096:free_fill_byte=255 LSAN_OPTIONS=suppressions=$PWD/Tools/lsan-xctest.supp
swift build "${release[@]}" --build-tests
# Anchored on the test targets: an unanchored 'TerritoryTests' also picked IntegrationTests.DerivedTerritoryTests.
swift test "${release[@]}" --skip-build --filter '^(GeometryKitTests|TerritoryTests|CartographyTests|NationalTests)\.' \
    --skip '^NationalTests\.NationalGeneralisationTests'

stage "all tiers passed"
