#!/usr/bin/env bash
# The tests, every tier, as CI runs them (the README's test command), on one build: release with -enable-testing
# (where users run, and where Swift ends lifetimes as early as users see; the unit tests' @testable imports need the
# flag), then AddressSanitizer's own build:
#   1. Data/ checksums;
#   2. the release build of `maillage` and the tests;
#   3. the whole suite on the embedded store (unit, integration on the Hauts-de-France sample and the national import,
#      server tests through real HTTP, GDAL and Chromium, the CLI run as a process, the web map's scripts by node);
#   4. `maillage serve` as an operator runs it (Tools/serve-smoke.sh);
#   5. the suite again on PostGIS (the unit targets apart), on a throw-away cluster (Tools/postgis-scratch.sh) named by MAILLAGE_TEST_DB,
#      where each store a test opens is a schema of its own in that database;
#   6. the service held to its OpenAPI document by schemathesis for the anonymous, ars and coordinator roles
#      (Tools/schemathesis.sh) and opened by QGIS headless (Tools/qgis-check.sh);
#   7. the national tier (the whole country, a generated national CPTS scenario; the web map on a national store in
#      headless Chromium), on the PostGIS cluster;
#   8. GeometryKit, Territory and Cartography under AddressSanitizer, in release: they hand GEOS, PROJ and cairo handles to C
#      (this build also builds maillage-bench, so that every target compiles in CI).
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

stage "the whole suite on SQLite (the national tier's classes run in their own stage)"
swift test "${release[@]}" --skip-build --skip "$national"

stage "maillage serve, CLI imports, GDAL, SIGTERM"
bash Tools/serve-smoke.sh Data "$maillage"

# A throw-away cluster in a temporary folder, on a free loopback port. The national tier's classes run in the
# national stage below, on this cluster too.
stage "PostGIS: the suite again (unit targets apart) on a throw-away PostgreSQL + PostGIS cluster (MAILLAGE_TEST_DB)"
pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/maillage-test-pg.XXXXXX")
pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MAILLAGE_PG_PORT=$pg_port bash Tools/postgis-scratch.sh start "$pg_dir"
trap 'MAILLAGE_PG_PORT=$pg_port bash Tools/postgis-scratch.sh stop "$pg_dir"; rm -rf "$pg_dir"' EXIT
pg_url="postgres://postgres@127.0.0.1:$pg_port/postgres"
# The unit targets read no store: they ran above.
MAILLAGE_TEST_DB=$pg_url swift test "${release[@]}" --skip-build \
    --skip "$national|^(GeometryKitTests|TerritoryTests|OpenDataTests|CartographyTests)\."

stage "schemathesis against maillage serve: anonymous, ars, coordinator"
bash Tools/schemathesis.sh "$maillage"
stage "QGIS headless (PyQGIS, OAPIF provider) reading the OGC API of maillage serve"
bash Tools/qgis-check.sh "$maillage"

stage "national tier"
# On the PostGIS cluster; the NationalTests target runs on the embedded store under AddressSanitizer below.
MAILLAGE_TEST_DB=$pg_url swift test "${release[@]}" --skip-build --filter 'NationalTests|NationalMapTests|NationalReportMapTests'

# In release, where Swift ends lifetimes early; freed memory is overwritten (free_fill_byte), so that GEOS, which is not
# instrumented, crashes on a geometry whose Swift owner is gone instead of reading what is left of it. XCTest's own
# objects, never freed at exit, are the only leaks suppressed.
stage "GeometryKit, Territory and Cartography under AddressSanitizer, release; the national tier with them"
export MAILLAGE_SANITIZE=address
export ASAN_OPTIONS=max_free_fill_size=4096:free_fill_byte=255 LSAN_OPTIONS=suppressions=$PWD/Tools/lsan-xctest.supp
swift build "${release[@]}" --build-tests
# Anchored on the test targets: an unanchored 'TerritoryTests' also picked IntegrationTests.DerivedTerritoryTests.
swift test "${release[@]}" --skip-build --filter '^(GeometryKitTests|TerritoryTests|CartographyTests|NationalTests)\.'

stage "all tiers passed"
