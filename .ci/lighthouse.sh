#!/usr/bin/env bash
# Lighthouse 12 (mobile: simulated slow 4G, 4x CPU) on the pages a first-time user meets (home, search,
# a posting, a market, a board, sign-in), two rounds,
# alternating page by page between the servers given, so that two builds meet the same machine noise.
# Not part of the CI (the scores need a quiet machine); BENCHMARKS.md has the figures.
#
#   .ci/lighthouse.sh POSTING_ID http://127.0.0.1:3200 [http://127.0.0.1:3201 …]
#
# Needs lighthouse@12.2.3 from npm (`npm install lighthouse@12.2.3` in $LIGHTHOUSE_DIR, default
# ~/.cache/lingong/lighthouse) and Debian's Chromium ($CHROME_PATH, default /usr/bin/chromium).
set -euo pipefail
posting=${1:?posting id}; shift
[ $# -ge 1 ] || { echo "usage: $0 POSTING_ID BASE_URL [BASE_URL …]" >&2; exit 2; }
dir=${LIGHTHOUSE_DIR:-$HOME/.cache/lingong/lighthouse}
if [ ! -x "$dir/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$dir" && npm install --prefix "$dir" --no-audit --no-fund lighthouse@12.2.3 >/dev/null
fi
out=$(mktemp -d)
for round in 1 2; do
  for page in "home|/" "search|/?q=%E5%B8%AE%E5%8E%A8&city=320100" "posting|/postings/$posting" \
      "market|/markets/js-province" "board|/boards/city/320100" "sign-in|/login"; do
    name=${page%%|*}; path=${page#*|}
    for base in "$@"; do
      report="$out/$name-$round-${base//[^0-9]/}.json"
      CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} "$dir/node_modules/.bin/lighthouse" "$base$path" \
        --form-factor=mobile --output=json --output-path="$report" --quiet \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
      node -e '
        const r = require(process.argv[1]), a = r.audits;
        const scores = ["performance", "accessibility", "best-practices", "seo"].map(k => Math.round(r.categories[k].score * 100));
        console.log(`${process.argv[2]} round ${process.argv[3]} ${process.argv[4]}: ${scores.join(" / ")}`,
          `FCP ${a["first-contentful-paint"].displayValue}, LCP ${a["largest-contentful-paint"].displayValue},`,
          `TBT ${a["total-blocking-time"].displayValue}, CLS ${a["cumulative-layout-shift"].displayValue},`,
          `TTI ${a.interactive.displayValue}`);
      ' "$report" "$name" "$round" "$base"
    done
  done
done
rm -rf "$out"
