# Shared by .ci/serve, .ci/test and .ci/run. Sourced, never run.
#
# Everything here is idempotent: a second run finds what the first installed and starts what is stopped,
# so the README's two commands can be run any number of times.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CARGO_LEPTOS_VERSION=0.3.10
# Must equal the wasm-bindgen crate pinned in Cargo.toml: the CLI and the crate share a wire format.
WASM_BINDGEN_VERSION=0.2.130
PG_VERSION=15
PG_BIN="/usr/lib/postgresql/${PG_VERSION}/bin"

LINGONG_PG_PORT="${LINGONG_PG_PORT:-5433}"
LINGONG_REPLICA_PORT="${LINGONG_REPLICA_PORT:-$((LINGONG_PG_PORT + 1))}"
LINGONG_LAGGING_REPLICA_PORT="${LINGONG_LAGGING_REPLICA_PORT:-$((LINGONG_PG_PORT + 2))}"
if [ -z "${LINGONG_PG_DIR:-}" ]; then
    LINGONG_PG_DIR="$ROOT/.data/pg"
    # As root the cluster runs as `postgres`, which may not be allowed into a checkout under a private
    # home directory; then the cluster lives in postgres's own home, one per checkout.
    if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$ROOT" 2>/dev/null; then
        LINGONG_PG_DIR="/var/lib/postgresql/lingong-$(printf '%s' "$ROOT" | md5sum | cut -c1-8)"
    fi
fi
# The local cluster's only role. It is a superuser because migrations create the PostGIS extension and the
# database tests create a database per test; the cluster listens on loopback only.
LOCAL_DB_USER=lingong
LOCAL_DB_PASSWORD=lingong

export PATH="$HOME/.cargo/bin:$PATH"
export RUSTUP_AUTO_INSTALL=0

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

as_root() {
    if is_root; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "need root (or sudo) to run: $*"
    fi
}

APT_UPDATED=0
apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing Debian packages: ${missing[*]}"
    if [ "$APT_UPDATED" = 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Installs what a fresh Debian 12 machine with only rustup/cargo lacks. Cheap when everything is there.
ensure_tools() {
    command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first (https://rustup.rs)"
    apt_install build-essential pkg-config ca-certificates \
        "postgresql-${PG_VERSION}" "postgresql-${PG_VERSION}-postgis-3"
    command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
    ensure_wasm_opt

    rustup target list --installed | grep -qx wasm32-unknown-unknown || {
        log "adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    }
    if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
        log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes once, on 2 cores)"
        cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
    fi
    if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
        log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
        # Not --locked: one crate of its lock file is no longer on crates.io.
        cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
    fi
}

# wasm-opt for release builds, from the npm registry (Binaryen's own build, with its JS wrapper): no
# download from GitHub, no 9-minute build from source. Kept outside the checkout, like the target dir.
BINARYEN_VERSION=132.0.0
TOOLS_DIR="${LINGONG_TOOLS_DIR:-$HOME/.cache/lingong/tools}"
ensure_wasm_opt() {
    local bin="$TOOLS_DIR/node_modules/binaryen/bin"
    if ! "$bin/wasm-opt" --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
        log "installing wasm-opt (npm binaryen@$BINARYEN_VERSION)"
        mkdir -p "$TOOLS_DIR"
        npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --no-save "binaryen@$BINARYEN_VERSION" >/dev/null
    fi
    export PATH="$bin:$PATH"
}

# The production build: the server in the release profile, the Wasm in `wasm-release`, run through
# wasm-opt, with content hashes in the bundles' names. Prints the server binary's path.
build_release() {
    ensure_wasm_opt
    log "building the release site (cargo leptos build --release --split)"
    cargo leptos build --release --split >&2
    echo "$(target_dir)/release/server"
}

ensure_browser_tools() {
    apt_install chromium fonts-noto-cjk
    if [ ! -x end2end/node_modules/.bin/playwright ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
        log "installing the browser-test packages (npm ci)"
        # The browser is Debian's chromium: never let Playwright download one.
        (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
    fi
}

pg_run() {
    # Postgres refuses to run as root, so as root the cluster belongs to the `postgres` system user.
    if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

local_database_url() {
    echo "postgres://${LOCAL_DB_USER}:${LOCAL_DB_PASSWORD}@127.0.0.1:${LINGONG_PG_PORT}/$1"
}

# Starts the project-local PostgreSQL (data in .data/pg, ignored by git, kept between runs).
ensure_local_postgres() {
    if [ ! -s "$LINGONG_PG_DIR/PG_VERSION" ]; then
        log "creating a local PostgreSQL cluster in $LINGONG_PG_DIR"
        mkdir -p "$LINGONG_PG_DIR"
        chmod 700 "$LINGONG_PG_DIR"
        local pwfile
        pwfile="$(mktemp)"
        echo "$LOCAL_DB_PASSWORD" >"$pwfile"
        if is_root; then chown -R postgres: "$LINGONG_PG_DIR" "$pwfile"; fi
        pg_run "$PG_BIN/initdb" -D "$LINGONG_PG_DIR" -U "$LOCAL_DB_USER" --pwfile="$pwfile" \
            --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 >/dev/null
        rm -f "$pwfile"
        cat >>"$LINGONG_PG_DIR/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = ${LINGONG_PG_PORT}
unix_socket_directories = ''
max_connections = 200
shared_buffers = 512MB
work_mem = 16MB
maintenance_work_mem = 512MB
max_wal_size = 4GB
# The alerts' rounds touch index pages all over (BENCHMARKS.md, issue 26): their full-page images
# compress to about a third, and rarer checkpoints write fewer of them.
wal_compression = lz4
checkpoint_timeout = 15min
fsync = on
CONF
    fi
    start_cluster "$LINGONG_PG_DIR" "$LINGONG_PG_PORT" "the local PostgreSQL" "set LINGONG_PG_PORT to a free port"
}

# Starts the cluster in `$1` on port `$2` unless it runs; `$3` names it and `$4` says how to free the
# port in messages. Its log is the cluster's own server.log, writable by its owner whoever runs this.
start_cluster() {
    local dir="$1" port="$2" what="$3" free_port="$4"
    if ! pg_run "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
        if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
            die "port ${port} is taken by another program: ${free_port}"
        fi
        log "starting ${what} on 127.0.0.1:${port}"
        pg_run "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 120 start >/dev/null \
            || { tail -n 20 "$dir/server.log" >&2; die "${what} did not start (log above)"; }
    fi
}

# Creates a database (if missing) on the local cluster. PostGIS is put into template1 first so that every
# new database (including the one per database test) already has it.
ensure_local_database() {
    local name="$1" psql_admin=(env PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "$(local_database_url template1)")
    PGPASSWORD="$LOCAL_DB_PASSWORD" "${psql_admin[@]}" -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
    if ! PGPASSWORD="$LOCAL_DB_PASSWORD" "${psql_admin[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
        log "creating database $name"
        PGPASSWORD="$LOCAL_DB_PASSWORD" "${psql_admin[@]}" -c "CREATE DATABASE \"$name\"" >/dev/null
    fi
}

# Where cargo puts binaries (CARGO_TARGET_DIR may move it out of the checkout).
target_dir() {
    echo "${CARGO_TARGET_DIR:-$ROOT/target}"
}

# The local cluster's streaming replica `$1` (pg_basebackup of the cluster above, data beside it) on port
# `$2`, replaying `$3` behind (e.g. `5s`: recovery_min_apply_delay; empty: as soon as it can). Made once,
# started when stopped, made again if it no longer follows this cluster. Prints nothing; its URL is
# `local_replica_url`.
ensure_local_replica() {
    local name="$1" port="$2" delay="${3:-}" dir="${LINGONG_PG_DIR}-replica-$1"
    if [ -s "$dir/PG_VERSION" ] && [ "$(system_identifier "$dir")" != "$(system_identifier "$LINGONG_PG_DIR")" ]; then
        log "the replica in $dir follows another cluster: making it again"
        pg_run "$PG_BIN/pg_ctl" -D "$dir" stop -m immediate >/dev/null 2>&1 || true
        rm -rf "$dir"
    fi
    if [ ! -s "$dir/PG_VERSION" ]; then
        log "making the streaming replica '$name' of the local cluster in $dir (pg_basebackup)"
        mkdir -p "$dir"
        chmod 700 "$dir"
        if is_root; then chown postgres: "$dir"; fi
        # -R writes primary_conninfo and standby.signal: the copy starts as a standby of this cluster.
        pg_run env PGPASSWORD="$LOCAL_DB_PASSWORD" "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$LINGONG_PG_PORT" \
            -U "$LOCAL_DB_USER" -D "$dir" -R -X stream -c fast
        # postgresql.auto.conf is read last: the copy's own port and a smaller cache than the primary's.
        pg_run sh -c "cat >>'$dir/postgresql.auto.conf'" <<CONF
port = ${port}
shared_buffers = 128MB
hot_standby = on
# Queries on the replica tell the primary what they still read, so a long search is not cancelled by
# the replay of a vacuum.
hot_standby_feedback = on
recovery_min_apply_delay = '${delay:-0}'
CONF
    fi
    start_cluster "$dir" "$port" "the replica '$name'${delay:+ (replaying $delay behind)}" \
        "choose another port for the replica '$name'"
}

# The identity every copy of a cluster shares (pg_basebackup keeps it; initdb makes a new one).
system_identifier() {
    pg_run "$PG_BIN/pg_controldata" "$1" 2>/dev/null | sed -n 's/^Database system identifier: *//p'
}

# A replica's server URL (port `$1`), with database `$2` if given.
local_replica_url() {
    echo "postgres://${LOCAL_DB_USER}:${LOCAL_DB_PASSWORD}@127.0.0.1:$1${2:+/$2}"
}

stop_local_replica() {
    local dir="${LINGONG_PG_DIR}-replica-$1"
    if [ -s "$dir/PG_VERSION" ]; then
        pg_run "$PG_BIN/pg_ctl" -D "$dir" stop -m fast >/dev/null 2>&1 || true
    fi
}
