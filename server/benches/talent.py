#!/usr/bin/env python3
"""找人才 at province scale (BENCHMARKS.md, "Finding workers"): how long a verified organisation's search of
the findable workers takes, through the real server function, for several shapes of search.

    ./target/release/server serve --addr 127.0.0.1:3200 &
    DATABASE_URL=… LINGONG_BENCH_URL=http://127.0.0.1:3200 python3 server/benches/talent.py

A script rather than a Cargo bench, like import.py: it needs nothing but Python's standard library and
`psql`. On a database seeded before findable workers existed it first lets one demo worker in eight be
found, as the demo seed of this version does (their consents recorded, so the database makes them
findable). It signs in as a member of a verified demo organisation by writing a session, as the server
does after a code, sends each search LINGONG_BENCH_ROUNDS times (default 30) and prints the median and
90th percentile; at the end it removes the account it made.
"""

import hashlib
import http.client
import json
import os
import secrets
import statistics
import subprocess
import time
import urllib.parse

PHONE = "13511119999"


def psql(sql):
    out = subprocess.run(
        ["psql", os.environ["DATABASE_URL"], "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True, capture_output=True, text=True,
    )
    return out.stdout.strip()


def prepare():
    if psql("SELECT count(*) FROM workers WHERE findable") == "0":
        started = time.monotonic()
        psql(
            """UPDATE workers
                  SET availability = CASE id % 3 WHEN 0 THEN '{weekdays,mornings,afternoons}'::text[]
                                                 WHEN 1 THEN '{weekends}'::text[]
                                                 ELSE '{weekdays,evenings}'::text[] END
                WHERE is_demo AND id % 8 = 0"""
        )
        psql(
            """INSERT INTO talent_consents (worker_id, findable, wording, lang)
               SELECT id, true, 'talent-v1', 'zh' FROM workers WHERE is_demo AND id % 8 = 0"""
        )
        psql("ANALYZE workers, worker_trades, talent_consents")
        print(f"made one demo worker in eight findable in {time.monotonic() - started:.1f} s")
    employer = psql(
        "SELECT id FROM employers WHERE verification_status = 'verified' AND city_adcode = 320100 ORDER BY id LIMIT 1"
    )
    account = psql(
        f"""INSERT INTO accounts (phone, role, employer_id, display_name)
            VALUES ('{PHONE}', 'employer', {employer}, '找人才基准')
            ON CONFLICT (phone) DO UPDATE SET employer_id = EXCLUDED.employer_id RETURNING id"""
    )
    token = secrets.token_hex(32)
    digest = hashlib.sha256(token.encode() + b"\0").hexdigest()
    psql(
        f"""INSERT INTO sessions (token_hash, account_id, expires_at, idle_seconds, user_agent)
            VALUES ('\\x{digest}', {account}, now() + interval '1 day', 86400, 'talent bench')"""
    )
    findable = psql("SELECT count(*) FROM workers WHERE findable")
    print(f"{findable} findable workers; searching as organisation {employer}")
    return token


def search(base, token, csrf, query):
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    body = json.dumps({"query": query})
    started = time.monotonic()
    conn.request(
        "POST",
        "/api/talent/search",
        body=body,
        headers={
            "content-type": "application/json",
            "accept": "application/json",
            "cookie": f"lingong_session={token}; lingong_csrf={csrf}",
            "x-csrf-token": csrf,
        },
    )
    response = conn.getresponse()
    answer = response.read()
    elapsed = time.monotonic() - started
    if response.status != 200:
        raise SystemExit(f"{query}: {response.status} {answer[:300]!r}")
    return elapsed, len(json.loads(answer)["items"])


def main():
    base = os.environ.get("LINGONG_BENCH_URL", "http://127.0.0.1:3200")
    rounds = int(os.environ.get("LINGONG_BENCH_ROUNDS", "30"))
    token = prepare()
    csrf = secrets.token_hex(32)
    shapes = [
        ("no filter", {}),
        ("trade (cleaner)", {"trade": "cleaner"}),
        ("sector (catering) in 南京", {"trade": "catering", "city": 320100}),
        ("trade in a district, weekends", {"trade": "kitchen_helper", "city": 320100, "district": 320106,
                                            "availability": ["weekends"]}),
        ("attendance ≥ 90 %", {"min_attendance": 90}),
        ("trade and attendance ≥ 90 % in 苏州", {"trade": "cleaner", "city": 320500, "min_attendance": 90}),
        ("page 20, no filter", {"page": 20}),
    ]
    try:
        print(f"{'search':<38} {'cards':>5} {'median ms':>10} {'p90 ms':>8}")
        for name, query in shapes:
            search(base, token, csrf, query)  # warm
            times = []
            cards = 0
            for _ in range(rounds):
                elapsed, cards = search(base, token, csrf, query)
                times.append(elapsed * 1000)
            times.sort()
            p90 = times[int(len(times) * 0.9) - 1]
            print(f"{name:<38} {cards:>5} {statistics.median(times):>10.1f} {p90:>8.1f}")
    finally:
        psql(f"DELETE FROM accounts WHERE phone = '{PHONE}'")


if __name__ == "__main__":
    main()
