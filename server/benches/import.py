#!/usr/bin/env python3
"""A partner's push of 100,000 postings (BENCHMARKS.md, "The public API"): how long the push of new
gigs takes, and the same push again (every line unchanged).

    ./target/release/server serve --addr 127.0.0.1:3200 &
    DATABASE_URL=… LINGONG_BENCH_URL=http://127.0.0.1:3200 python3 server/benches/import.py

A script rather than a Cargo bench: it only sends one request and reads one answer, and needs nothing
but Python's standard library and `psql`. It makes a key that may push under a partner name of its
own (so every line is new to it), sends LINGONG_BENCH_LINES lines (default 100,000) of 2,000
organisations across the 13 cities in one request, reads the report, sends the same body again, and at
the end removes what it made and revokes the key.
"""

import datetime
import hashlib
import http.client
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.parse

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# The 13 prefecture-level cities' centres (lng, lat), as server/benches/common/mod.rs has them.
CITY_CENTRES = [
    (118.797, 32.060), (120.312, 31.491), (117.285, 34.205), (119.974, 31.811),
    (120.585, 31.299), (120.894, 31.981), (119.222, 34.597), (119.113, 33.551),
    (120.163, 33.348), (119.413, 32.394), (119.425, 32.188), (119.923, 32.456),
    (118.275, 33.963),
]


def credit_code(n):
    """A valid unified social credit code (GB 32100) for organisation n."""
    base = f"91320100MA{n:07d}"
    total, weight = 0, 1
    for c in base:
        total += ALPHABET.index(c) * weight
        weight = weight * 3 % 31
    return base + ALPHABET[(31 - total % 31) % 31]


def psql(sql):
    out = subprocess.run(
        ["psql", os.environ["DATABASE_URL"], "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True, capture_output=True, text=True,
    )
    return out.stdout.strip()


def body(lines, trades, today, run):
    out = []
    for i in range(lines):
        organisation = i % 2000
        lng, lat = CITY_CENTRES[i % len(CITY_CENTRES)]
        dx, dy = (i * 7919) % 1000 / 10000, (i * 104729) % 1000 / 10000
        start = today + datetime.timedelta(days=i % 20 + 1)
        end = start + datetime.timedelta(days=i % 5)
        out.append(json.dumps({
            "external_id": f"{run}-{i}",
            "employer": {"credit_code": credit_code(organisation), "name": f"推送测试单位{organisation}"},
            "trade": trades[i % len(trades)],
            "title": f"推送岗位{i}",
            "description": "负责日常工作，按要求完成任务。工作地点交通方便，附近有公交站。",
            "requirements": "身体健康，能吃苦耐劳。",
            "bring": "身份证",
            "address": f"测试路{i % 500 + 1}号",
            "location": {"lng": lng - 0.05 + dx, "lat": lat - 0.05 + dy},
            "pay_cents": 15000 + i % 100 * 100,
            "pay_unit": "day",
            "pay_terms": "daily",
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
            "start_time": "08:00",
            "shift_minutes": 480,
            "headcount": i % 10 + 1,
            "tags": ["older_friendly"] if i % 3 == 0 else [],
        }, ensure_ascii=False))
    return ("\n".join(out) + "\n").encode()


def main():
    lines = int(os.environ.get("LINGONG_BENCH_LINES", "100000"))
    base = urllib.parse.urlparse(os.environ.get("LINGONG_BENCH_URL", "http://127.0.0.1:3200"))
    print("postings in the database:", psql("SELECT count(*) FROM postings"))
    run = secrets.token_hex(4)
    partner = f"import benchmark {run}"
    secret = "lg_" + secrets.token_hex(24)
    digest = hashlib.sha256(secret.encode() + b"\0").hexdigest()
    key = psql(
        "INSERT INTO api_keys (partner, prefix, secret_sha256, per_minute, may_import, created_by) "
        f"VALUES ('{partner}', '{secret[:11]}', '\\x{digest}', 100, true, "
        "(SELECT id FROM accounts ORDER BY id LIMIT 1)) RETURNING id"
    )
    trades = psql("SELECT string_agg(code, ',' ORDER BY code) FROM trades").split(",")
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
    payload = body(lines, trades, today, run)
    print(f"{lines} lines, {len(payload) / 1e6:.0f} MB")
    try:
        for round_ in ["first push (new gigs)", "the same push again"]:
            connection = http.client.HTTPConnection(base.hostname, base.port or 80, timeout=600)
            started = time.perf_counter()
            connection.request("POST", "/api/v1/import/postings.jsonl", body=payload, headers={
                "Authorization": f"Bearer {secret}", "Content-Type": "application/jsonl",
            })
            response = connection.getresponse()
            answer = response.read()
            took = time.perf_counter() - started
            if response.status != 200:
                sys.exit(f"{response.status}: {answer[:500]!r}")
            report = json.loads(answer)
            print(
                f"{round_}: {took:.1f} s ({lines / took:.0f} lines/s); created {report['created']}, "
                f"updated {report['updated']}, unchanged {report['unchanged']}, "
                f"duplicates {report['duplicates']}, refused {report['refused']}"
            )
            if report["refused"]:
                sys.exit(f"refused lines: {[r for r in report['results'] if r['outcome'] == 'refused'][:3]}")
    finally:
        # Leave the database as it was.
        psql(f"UPDATE api_keys SET revoked_at = now(), revoked_by = created_by WHERE id = {key}")
        psql(
            "DELETE FROM postings WHERE id IN (SELECT posting_id FROM partner_postings "
            f"WHERE partner = '{partner}' AND origin)"
        )
        psql(
            "DELETE FROM employers e WHERE e.name LIKE '推送测试单位%' "
            "AND NOT EXISTS (SELECT 1 FROM postings p WHERE p.employer_id = e.id) "
            "AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.employer_id = e.id)"
        )


if __name__ == "__main__":
    main()
