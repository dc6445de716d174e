#!/usr/bin/env python3
"""Read-your-writes against a replica 5 s behind (BENCHMARKS.md, issue 25).

    bash -c 'source .ci/lib.sh; ensure_local_replica lagging 5435 5s'
    DATABASE_URL=…/lingong_bench LINGONG_BENCH_REPLICA_URL=postgres://lingong:lingong@127.0.0.1:5435/lingong_bench \\
    LINGONG_SERVER_BIN=target/release/server python3 server/benches/read_your_writes.py

It starts the release server reading from the lagging replica (with a lag limit of a minute, so that
the replica stays in use), signs an employer in by writing a session, and 200 times renames one of
its postings through the server function and at once opens the posting's page twice: as the writer
(with the cookie the write left) and as a visitor who wrote nothing. It counts the pages where the
writer did not see their own change (the figure: 0 expected), and the visitor's pages that still
showed the old title (how often the replica really was behind). At the end it removes the posting.
"""

import hashlib
import http.client
import json
import os
import secrets
import subprocess
import time
import urllib.parse

PORT = int(os.environ.get("LINGONG_BENCH_PORT", "3201"))
ROUNDS = int(os.environ.get("LINGONG_BENCH_ROUNDS", "200"))


def psql(sql):
    out = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", os.environ["DATABASE_URL"], "-c", sql],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def form(posting, title):
    return json.dumps({"id": posting, "publish": True, "form": {
        "trade": "waiter", "title": title, "description": "", "requirements": "",
        "address": "中山路5号", "location": {"lng": 118.78, "lat": 32.06}, "market": None,
        "pay_cents": 18000, "pay_unit": "day", "start_date": "2099-01-01", "end_date": "2099-01-02",
        "shift_minutes": 480, "start_time": "07:30:00", "pay_terms": "daily", "headcount": 2,
        "tags": [], "contact": "platform"}})


def main():
    server_bin = os.environ["LINGONG_SERVER_BIN"]
    replica = os.environ["LINGONG_BENCH_REPLICA_URL"]
    employer = psql("SELECT id FROM employers WHERE verification_status = 'verified' ORDER BY id LIMIT 1")
    account = psql(f"""INSERT INTO accounts (phone, role, employer_id, display_name)
                       VALUES ('13900008888', 'employer', {employer}, '读写一致基准')
                       ON CONFLICT (phone) DO UPDATE SET employer_id = EXCLUDED.employer_id RETURNING id""")
    posting = psql(f"""INSERT INTO postings (employer_id, trade_code, title, address, location, city_adcode,
                                             district_adcode, pay_cents, pay_unit, start_date, end_date,
                                             shift_minutes, headcount, status)
                       VALUES ({employer}, 'waiter', '读写一致测试', '中山路5号',
                               ST_SetSRID(ST_MakePoint(118.78, 32.06), 4326), 320100, 320106, 18000, 'day',
                               '2099-01-01', '2099-01-02', 480, 2, 'open') RETURNING id""")
    token = secrets.token_hex(32)
    digest = hashlib.sha256(token.encode() + b"\0").hexdigest()
    psql(f"""INSERT INTO sessions (token_hash, account_id, expires_at, idle_seconds, user_agent)
             VALUES ('\\x{digest}', {account}, now() + interval '1 day', 86400, 'read-your-writes bench')""")
    csrf = secrets.token_hex(32)
    log = open("/tmp/lingong-read-your-writes-server.log", "w")
    server = subprocess.Popen(
        [server_bin, "serve", "--addr", f"127.0.0.1:{PORT}"],
        env=dict(os.environ, DATABASE_REPLICA_URL=replica, LINGONG_REPLICA_MAX_LAG_MS="60000"),
        stdout=log, stderr=log)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        for _ in range(240):
            try:
                conn.request("GET", "/healthz")
                health = json.loads(conn.getresponse().read())
                if health["replicas"] and health["replicas"][0]["state"] == "in_use":
                    break
            except (OSError, http.client.HTTPException, ValueError, KeyError, IndexError):
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            time.sleep(0.5)
        else:
            raise SystemExit("the server never took the replica into use")
        # The replica must have the posting before the first round (it is 5 s behind).
        time.sleep(7)
        writer_missed = visitor_stale = 0
        waits = []
        for n in range(ROUNDS):
            title = f"读写一致测试{n:03d}"
            conn.request("POST", "/api/employer/save-posting", body=form(int(posting), title), headers={
                "content-type": "application/json", "accept": "application/json",
                "cookie": f"lingong_session={token}; lingong_csrf={csrf}", "x-csrf-token": csrf})
            response = conn.getresponse()
            answer = response.read()
            if response.status != 200:
                raise SystemExit(f"save: {response.status} {answer[:300]!r}")
            wrote = next(v.split(";")[0].split("=", 1)[1] for k, v in response.getheaders()
                         if k.lower() == "set-cookie" and v.startswith("lingong_wrote="))
            started = time.monotonic()
            conn.request("GET", f"/postings/{posting}", headers={
                "accept": "text/html",
                "cookie": f"lingong_session={token}; lingong_csrf={csrf}; lingong_wrote={wrote}"})
            page = conn.getresponse().read().decode()
            waits.append((time.monotonic() - started) * 1000)
            if title not in page:
                writer_missed += 1
            conn.request("GET", f"/postings/{posting}", headers={"accept": "text/html"})
            if title not in conn.getresponse().read().decode():
                visitor_stale += 1
        waits.sort()
        print(f"{ROUNDS} edits through the server reading from a replica 5 s behind:")
        print(f"  the writer's next page without their change: {writer_missed} of {ROUNDS}")
        print(f"  a visitor's page at the same moment still showing the old title: {visitor_stale} of {ROUNDS}")
        print(f"  the writer's page: median {waits[len(waits) // 2]:.1f} ms, p95 {waits[int(len(waits) * 0.95)]:.1f} ms")
    finally:
        server.terminate()
        server.wait(timeout=30)
        psql(f"DELETE FROM postings WHERE id = {posting}")
        psql(f"DELETE FROM sessions WHERE account_id = {account}")


if __name__ == "__main__":
    main()
