#!/bin/bash
# Start-up of the strata command, which loads each driver when a URL needs
# it, against a build of BASE (default: 78600e3, the last commit whose
# command had every driver linked in), run by hand: bench/startup.sh
#  - strata --version (no driver loaded)
#  - strata status on the example project, applied, on SQLite (one driver)
# Each round times both builds with hyperfine (-N, 100 runs each) in turn;
# the summary gives each build's median over the rounds' medians and the
# per-round ratio of this build over BASE.  BASE_STRATA: a base command
# built before.
. "$(dirname "$0")/common.sh"
need hyperfine
need python3
BASE=${BASE:-78600e3}
ROUNDS=${ROUNDS:-7}
build_base "$BASE"

project=$work/project
mkdir -p "$project"
cp -r "$top/examples/db" "$project/"
rm -f "$project"/db/*.sqlite3
(cd "$project" && "$STRATA" -q up)

for r in $(seq 1 "$ROUNDS"); do
  (cd "$project" && versus version 100 --version && versus status 100 status)
done
versus_summary version "strata --version" "$BASE"
versus_summary status "strata status" "$BASE"
