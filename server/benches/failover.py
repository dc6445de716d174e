#!/usr/bin/env python3
"""Failover of the primary under load, end to end, with pg_auto_failover (BENCHMARKS.md, issue 25).

    LINGONG_SERVER_BIN=target/release/server python3 server/benches/failover.py

It builds a local formation with Debian's postgresql-15-auto-failover: a monitor and two PostgreSQL
nodes, the second a synchronous standby of the first (pg_auto_failover turns synchronous replication
on as soon as a standby is healthy). It starts the release server with the formation's multi-host URL
(`postgres://…@host1:port1,host2:port2/lingong?target_session_attrs=read-write`, what `pg_autoctl show
uri` prints), signs an employer in by writing a session, and has four clients save draft postings,
each titled with its number, until 1,000 have been acknowledged (200). After 300 it kills the primary
(its keeper first, so nothing restarts it, then its postmaster with SIGKILL). A write that fails (503
with Retry-After while the server finds the new primary, or a dropped connection) is retried every
200 ms until it is acknowledged. At the end it reads, on the promoted node, every title acknowledged.

Figures printed: how long writes were unavailable (the longest time between a client's first failed
attempt and its success, and from the kill to the first acknowledged write after it), how many
attempts failed and with what, and how many acknowledged writes are missing on the new primary.
The server is never restarted. Everything lives in a temporary directory, removed at the end.

Environment: LINGONG_SERVER_BIN (the release server, required), LINGONG_FAILOVER_PORT (first of four
ports, default 6000: monitor, node 1, node 2, and the server on port+10), LINGONG_SITE_ROOT.
"""

import hashlib
import http.client
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

PG_BIN = "/usr/lib/postgresql/15/bin"
WRITES = int(os.environ.get("LINGONG_FAILOVER_WRITES", "1000"))
KILL_AFTER = int(os.environ.get("LINGONG_FAILOVER_KILL_AFTER", "300"))
CLIENTS = 4
BASE_PORT = int(os.environ.get("LINGONG_FAILOVER_PORT", "6000"))
MONITOR_PORT, NODE1_PORT, NODE2_PORT, SITE_PORT = BASE_PORT, BASE_PORT + 1, BASE_PORT + 2, BASE_PORT + 10
USER = "lingong"
DATABASE = "lingong"


def pg_command(args):
    """PostgreSQL and pg_autoctl refuse to run as root: as root, they run as the postgres user."""
    path = f"{PG_BIN}:{os.environ['PATH']}"
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return prefix + ["env", f"PATH={path}", f"PG_CONFIG={PG_BIN}/pg_config"] + args


def as_postgres(args, **kwargs):
    """A long-running pg_autoctl, in a process group of its own so that it can be killed whole."""
    return subprocess.Popen(pg_command(args), start_new_session=True, **kwargs)


def psql(port, sql, database=DATABASE, user=USER):
    out = subprocess.run(
        ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(port), "-U", user,
         "-d", database, "-c", sql],
        capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(f"psql on {port}: {out.stderr.strip()}")
    return out.stdout.strip()


def state(directory):
    out = subprocess.run(
        pg_command(["pg_autoctl", "show", "state", "--pgdata", f"{directory}/monitor", "--json"]),
        capture_output=True, text=True, timeout=30)
    try:
        return json.loads(out.stdout)
    except json.JSONDecodeError:
        return []


def until(what, check, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # the servers are starting
            pass
        time.sleep(0.5)
    raise SystemExit(f"timed out waiting for {what}")


def formation(directory, logs):
    """A monitor, a primary and a synchronous secondary, running; the processes to stop at the end."""
    monitor_uri = f"postgres://autoctl_node@127.0.0.1:{MONITOR_PORT}/pg_auto_failover?sslmode=disable"
    keepers = {}
    subprocess.run(
        pg_command(["pg_autoctl", "create", "monitor", "--pgdata", f"{directory}/monitor",
                    "--pgport", str(MONITOR_PORT), "--hostname", "127.0.0.1", "--auth", "trust", "--no-ssl"]),
        check=True, stdout=logs, stderr=logs)
    # A dead primary noticed in a few seconds rather than the defaults' twenty, and its demotion
    # waited for 5 s rather than 30 (the time an isolated primary's keeper is given to demote itself;
    # with synchronous replication an isolated primary acknowledges no write meanwhile anyway).
    with open(f"{directory}/monitor/postgresql.conf", "a") as conf:
        conf.write("pgautofailover.health_check_period = 1000\n"
                   "pgautofailover.health_check_timeout = 1000\n"
                   "pgautofailover.health_check_max_retries = 1\n"
                   "pgautofailover.health_check_retry_delay = 500\n"
                   "pgautofailover.node_considered_unhealthy_timeout = 3000\n"
                   "pgautofailover.primary_demote_timeout = 5000\n")
    keepers["monitor"] = as_postgres(["pg_autoctl", "run", "--pgdata", f"{directory}/monitor"],
                                     stdout=logs, stderr=logs)
    until("the monitor", lambda: psql(MONITOR_PORT, "SELECT 1", "pg_auto_failover", "autoctl_node") == "1", 60)
    subprocess.run(pg_command(["pg_ctl", "-D", f"{directory}/monitor", "reload"]), check=True,
                   stdout=logs, stderr=logs)
    until("the monitor's timeouts", lambda: psql(
        MONITOR_PORT, "SHOW pgautofailover.primary_demote_timeout", "pg_auto_failover", "autoctl_node") == "5s", 30)
    for name, port in (("node1", NODE1_PORT), ("node2", NODE2_PORT)):
        keepers[name] = as_postgres(
            ["pg_autoctl", "create", "postgres", "--pgdata", f"{directory}/{name}", "--pgport", str(port),
             "--hostname", "127.0.0.1", "--monitor", monitor_uri, "--auth", "trust", "--no-ssl",
             "--dbname", DATABASE, "--username", USER, "--name", name, "--run"],
            stdout=logs, stderr=logs)
        if name == "node1":
            until("the first node to be primary",
                  lambda: any(n["current_group_state"] in ("single", "wait_primary", "primary")
                              for n in state(directory)), 120)

    def settled():
        # The standby's base backup waits for a checkpoint: make them now rather than in minutes.
        psql(NODE1_PORT, "CHECKPOINT")
        return sorted(n["current_group_state"] for n in state(directory)) == ["primary", "secondary"]
    until("a primary and a synchronous secondary", settled, 180)
    return keepers


class Client(threading.Thread):
    """Saves draft postings numbered `next()` until the shared count reaches WRITES."""

    def __init__(self, run, token, csrf):
        super().__init__(daemon=True)
        self.run_ = run
        self.token, self.csrf = token, csrf
        self.conn = None

    def send(self, title):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", SITE_PORT, timeout=30)
        body = json.dumps({"id": None, "publish": False, "form": {
            "trade": "waiter", "title": title, "description": "", "requirements": "",
            "address": "中山路5号", "location": {"lng": 118.78, "lat": 32.06}, "market": None,
            "pay_cents": 18000, "pay_unit": "day", "start_date": "2099-01-01", "end_date": "2099-01-02",
            "shift_minutes": 480, "start_time": "07:30:00", "pay_terms": "daily", "headcount": 2,
            "tags": [], "contact": "platform"}})
        try:
            self.conn.request("POST", "/api/employer/save-posting", body=body, headers={
                "content-type": "application/json", "accept": "application/json",
                "cookie": f"lingong_session={self.token}; lingong_csrf={self.csrf}",
                "x-csrf-token": self.csrf})
            response = self.conn.getresponse()
            answer = response.read()
            return response.status, response.getheader("retry-after"), answer
        except (OSError, http.client.HTTPException) as error:
            self.conn.close()
            self.conn = None
            return None, None, str(error).encode()

    def run(self):
        run = self.run_
        while True:
            n = run.take()
            if n is None:
                return
            title = f"切换测试{n:04d}"
            first_failure = None
            while True:
                status, retry_after, answer = self.send(title)
                if status == 200:
                    run.acknowledged(title, first_failure)
                    break
                if first_failure is None:
                    first_failure = time.monotonic()
                run.failed(status, retry_after, answer)
                time.sleep(0.2)


class Run:
    def __init__(self):
        self.lock = threading.Lock()
        self.issued = 0
        self.titles = []
        self.failures = {}
        self.longest_outage = 0.0
        self.killed_at = None
        self.back_at = None
        self.retry_after_seen = set()
        self.reached_kill = threading.Event()

    def take(self):
        with self.lock:
            if self.issued >= WRITES:
                return None
            self.issued += 1
            return self.issued

    def acknowledged(self, title, first_failure):
        now = time.monotonic()
        with self.lock:
            self.titles.append(title)
            if len(self.titles) >= KILL_AFTER:
                self.reached_kill.set()
            # The first write acknowledged after failing: writes are back (one acknowledged just
            # after the kill may have committed before it, and says nothing).
            if first_failure is not None:
                self.longest_outage = max(self.longest_outage, now - first_failure)
                if self.back_at is None:
                    self.back_at = now

    def failed(self, status, retry_after, answer):
        with self.lock:
            key = str(status) if status else "connection"
            self.failures[key] = self.failures.get(key, 0) + 1
            if status == 503:
                self.retry_after_seen.add(retry_after)

    def count(self):
        with self.lock:
            return len(self.titles)


def main():
    server_bin = os.environ.get("LINGONG_SERVER_BIN")
    if not server_bin:
        raise SystemExit("LINGONG_SERVER_BIN: the release server to run")
    if shutil.which("pg_autoctl") is None:
        raise SystemExit("pg_autoctl is missing: apt-get install postgresql-15-auto-failover")
    directory = tempfile.mkdtemp(prefix="lingong-failover-")
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    logs = open(os.path.join(directory, "formation.log"), "w")
    keepers = {}
    server = None
    try:
        started = time.monotonic()
        keepers = formation(directory, logs)
        print(f"formation up in {time.monotonic() - started:.0f} s: "
              + ", ".join(f"{n['nodename']} {n['current_group_state']}" for n in state(directory)))
        print("synchronous_standby_names on the primary:",
              psql(NODE1_PORT, "SHOW synchronous_standby_names"))
        url = (f"postgres://{USER}@127.0.0.1:{NODE1_PORT},127.0.0.1:{NODE2_PORT}/{DATABASE}"
               "?target_session_attrs=read-write")
        site_log = open(os.path.join(directory, "server.log"), "w")
        server = subprocess.Popen(
            [server_bin, "serve", "--addr", f"127.0.0.1:{SITE_PORT}"],
            env=dict(os.environ, DATABASE_URL=url, RUST_LOG="info",
                     LEPTOS_SITE_ROOT=os.environ.get("LINGONG_SITE_ROOT", "target/site")),
            stdout=site_log, stderr=site_log)

        def healthy():
            conn = http.client.HTTPConnection("127.0.0.1", SITE_PORT, timeout=5)
            conn.request("GET", "/healthz")
            return conn.getresponse().status == 200
        until("the server", healthy, 180)

        employer = psql(NODE1_PORT, """
            INSERT INTO employers (credit_code, name, city_adcode, verification_status, verified_at)
            VALUES ('91350100M000100Y43', '切换测试餐饮有限公司', 320100, 'verified', now()) RETURNING id""")
        account = psql(NODE1_PORT, f"""
            INSERT INTO accounts (phone, role, employer_id, display_name)
            VALUES ('13900009999', 'employer', {employer}, '切换测试') RETURNING id""")
        token = secrets.token_hex(32)
        digest = hashlib.sha256(token.encode() + b"\0").hexdigest()
        psql(NODE1_PORT, f"""
            INSERT INTO sessions (token_hash, account_id, expires_at, idle_seconds, user_agent)
            VALUES ('\\x{digest}', {account}, now() + interval '1 day', 86400, 'failover')""")

        run = Run()
        clients = [Client(run, token, secrets.token_hex(32)) for _ in range(CLIENTS)]
        load_started = time.monotonic()
        for c in clients:
            c.start()
        if not run.reached_kill.wait(timeout=300):
            raise SystemExit(f"timed out waiting for {KILL_AFTER} acknowledged writes")
        # The primary goes: its keeper first (it would restart PostgreSQL), then the postmaster.
        pid = int(open(f"{directory}/node1/postmaster.pid").readline().strip())
        os.killpg(keepers["node1"].pid, signal.SIGKILL)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        with run.lock:
            run.killed_at = time.monotonic()
        killed_at_count = run.count()
        for c in clients:
            c.join(timeout=600)
        finished = time.monotonic()

        nodes = {n["nodename"]: n["current_group_state"] for n in state(directory)}
        present = int(psql(NODE2_PORT, "SELECT count(*) FROM postings WHERE title LIKE '切换测试%'"))
        acknowledged = set(run.titles)
        on_new = set(psql(NODE2_PORT, "SELECT title FROM postings WHERE title LIKE '切换测试%'").split("\n"))
        lost = acknowledged - on_new
        print(f"writes: {WRITES} acknowledged by {CLIENTS} clients in {finished - load_started:.1f} s; "
              f"primary killed after {killed_at_count}")
        print(f"after the kill: node states {nodes}")
        back = f"{run.back_at - run.killed_at:.1f} s" if run.back_at else "never failed"
        print(f"writes unavailable: {back} from the kill to the first write acknowledged after failing; "
              f"longest a client waited for one write: {run.longest_outage:.1f} s")
        print(f"failed attempts (each retried until acknowledged): {run.failures or 'none'}; "
              f"Retry-After on the 503s: {sorted(x for x in run.retry_after_seen if x) or '-'}")
        print(f"acknowledged writes missing on the new primary: {len(lost)} of {len(acknowledged)} "
              f"({present} drafts there)")
        print(f"the server was not restarted: {server.poll() is None}")
        if lost or len(acknowledged) != WRITES:
            sys.exit(1)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        for keeper in keepers.values():
            try:
                os.killpg(keeper.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            keeper.wait()
        for name in ("node1", "node2", "monitor"):
            subprocess.run(pg_command(["pg_ctl", "-D", f"{directory}/{name}", "stop", "-m", "immediate"]),
                           capture_output=True)
        logs.close()
        if os.environ.get("LINGONG_FAILOVER_KEEP"):
            print(f"kept {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
