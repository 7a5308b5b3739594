#!/usr/bin/env bash
# Schemathesis (PyPI `schemathesis`, v4) against the live service, held to its own OpenAPI document
# (/api/v1/openapi.json): the sample served as in Tools/serve-smoke.sh, then every check (`--checks all`: no 5xx,
# statuses, content types, headers and bodies as documented, bad input refused, auth enforced, 405 with Allow…)
# four times: anonymous, with an ARS token, with the coordinator token of CPTS-80-002, with a practitioner's token (a GP
# of Amiens). Fails on any failure.
#   bash Tools/schemathesis.sh [MAILLAGE_BINARY]     (default .build/debug/maillage; builds nothing)
#   MAILLAGE_DATA (default Data), SCHEMATHESIS_EXAMPLES (examples per operation and phase, default 8)
# A response slower than 30 s fails (max_response_time; the debug build draws a 6000 px PNG map in ~10 s).
set -euo pipefail
cd "$(dirname "$0")/.."
maillage=$(realpath -m "${1:-.build/debug/maillage}")
command -v schemathesis >/dev/null || { echo "schemathesis is not installed: pip install schemathesis"; exit 1; }
# Schemathesis sends unknown tokens on purpose (its auth checks), all from 127.0.0.1: with the default limit of 10 a
# minute, the address would get 429 for the rest of the runs (the limit itself is tested in ServerLimitsTests).
serve_options="--failed-token-limit 1000000"
source Tools/sample-service.sh

# The map's generalised levels are built once, in the background: wait for them, so that map requests answer
# at once instead of each waiting up to the build's end.
for _ in $(seq 1 240); do
    curl -fsS "${url}api/v1/map/status" | python3 -c 'import json, sys; sys.exit(0 if json.load(sys.stdin)["ready"] else 1)' && break
    sleep 0.5
done

# The OGC layers are serialised on their first request: do it before the requests that time out.
curl -fsS --max-time 120 "${url}ogc/collections" >/dev/null

# One worker: with two, hypothesis parses lambdas' sources (ast.parse) in two threads at once, which CPython 3.11
# sometimes refuses ("AST constructor recursion depth mismatch"), a tool error that would fail the run.
examples=${SCHEMATHESIS_EXAMPLES:-8}
config=$PWD/Tools/schemathesis.toml
status=0
for role in anonymous ars coordinator practitioner; do
    headers=()
    case $role in
        ars) headers=(--header "Authorization: Bearer $ars_token") ;;
        coordinator) headers=(--header "Authorization: Bearer $coordinator_token") ;;
        practitioner) headers=(--header "Authorization: Bearer $practitioner_token") ;;
    esac
    echo "== schemathesis as $role"
    start=$SECONDS
    # From the temporary folder: schemathesis keeps its cache (.schemathesis/) in the working directory.
    if (cd "$work" && timeout 150 schemathesis --config-file "$config" run "${url}api/v1/openapi.json" --url "${url%/}" \
        --checks all --max-response-time 30 --max-examples "$examples" --seed 12 --workers 1 --request-timeout 40 --no-color \
        "${headers[@]}" >"$work/schemathesis-$role.log" 2>&1); then
        tail -n 12 "$work/schemathesis-$role.log"
    else
        cat "$work/schemathesis-$role.log"
        echo "schemathesis as $role: FAILED"
        status=1
    fi
    echo "schemathesis as $role: $((SECONDS - start)) s"
done
# ErrorMiddleware logs the cause of every 500 it answers.
if grep -q '"message":"request failed"' "$work/serve.log"; then
    echo "the service logged failed requests:"; grep '"message":"request failed"' "$work/serve.log" | head; status=1
fi
exit $status
