#!/usr/bin/env bash
# Searches never asked before, per second, with one streaming replica against none (issue 25), on the
# same machine and the same database: the release server is started twice against the 1.1 M-posting
# database, first alone, then reading from a replica of it, and the search bench's throughput of
# distinct searches (server/benches/search.rs, 32 keep-alive connections, 10 s) runs against each. It
# also reports how long each start took to load the search index (from the primary, or the replica).
#
#   bash -c 'source .ci/lib.sh; ensure_local_replica plain 5434'
#   DATABASE_URL=…/lingong_bench LINGONG_BENCH_REPLICA_URL=postgres://lingong:lingong@127.0.0.1:5434/lingong_bench \
#   LINGONG_SERVER_BIN=target/release/server bash server/benches/replicas.sh
#
# A script rather than a Cargo bench: it starts and stops the server it measures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
: "${DATABASE_URL:?the benchmark database}"
: "${LINGONG_BENCH_REPLICA_URL:?a replica of it}"
: "${LINGONG_SERVER_BIN:?the release server}"
port="${LINGONG_BENCH_PORT:-3200}"
site_root="${LINGONG_SITE_ROOT:-${CARGO_TARGET_DIR:-target}/site}"
log="$(mktemp)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -f "$log"' EXIT

for mode in none replica; do
    replica=""
    if [ "$mode" = replica ]; then replica="$LINGONG_BENCH_REPLICA_URL"; fi
    started=$(date +%s.%N)
    DATABASE_REPLICA_URL="$replica" LEPTOS_SITE_ROOT="$site_root" RUST_LOG=info \
        "$LINGONG_SERVER_BIN" serve --addr "127.0.0.1:$port" >"$log" 2>&1 &
    server=$!
    until grep -q "search index loaded" "$log"; do
        kill -0 "$server" || { tail -n 20 "$log"; exit 1; }
        sleep 0.5
    done
    loaded=$(date +%s.%N)
    health=$(curl -sf "http://127.0.0.1:$port/healthz")
    echo "== $mode: search index loaded $(echo "$loaded - $started" | bc) s after the start; /healthz: $health"
    LINGONG_BENCH_URL="http://127.0.0.1:$port" cargo bench -q -p server --bench search 2>/dev/null \
        | grep -E "^throughput"
    kill "$server"
    wait "$server" 2>/dev/null || true
    server=""
done
