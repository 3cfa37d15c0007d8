#!/bin/bash
# `strata status` over 10,000 pending migration files on SQLite (issue 17:
# under 60 ms), against a build of BASE (default: ee10df6, the commit
# before that work), run by hand: bench/status.sh
#  - the layout detected from the files, as a folder is read by default
#  - the same with --layout plain, which reads no file to choose it
# Each round times both builds with hyperfine (-N, RUNS runs each) in
# turn; the summary gives each build's median over the rounds' medians and
# the per-round ratio.  ROUNDS (default 5), RUNS (30), N (10000);
# BASE_STRATA: a base command built before.
. "$(dirname "$0")/common.sh"
need hyperfine
need python3
BASE=${BASE:-ee10df6}
ROUNDS=${ROUNDS:-5}
RUNS=${RUNS:-30}
N=${N:-10000}
build_base "$BASE"

make_migrations "$work/m" "$N"
url="sqlite:$work/empty.db"
for r in $(seq 1 "$ROUNDS"); do
  versus detected "$RUNS" -u "$url" -d "$work/m" status
  versus plain "$RUNS" -u "$url" -d "$work/m" --layout plain status
done
versus_summary detected "status, $N pending, layout detected" "$BASE"
versus_summary plain "status, $N pending, --layout plain" "$BASE"
