#!/bin/bash
# Start-up of the strata command, which loads each driver when a URL needs
# it, against a build of BASE (default: 78600e3, the last commit whose
# command had every driver linked in), run by hand: bench/startup.sh
#  - strata --version (no driver loaded)
#  - strata status on the example project, applied, on SQLite (one driver)
# Each round times both builds with hyperfine (-N, 100 runs each) in turn;
# the summary gives each build's median over the rounds' medians and the
# per-round ratio of this build over BASE.
. "$(dirname "$0")/common.sh"
need hyperfine
need python3
BASE=${BASE:-78600e3}
ROUNDS=${ROUNDS:-7}

echo "== building $BASE in $work/base"
mkdir -p "$work/base"
git -C "$top" archive "$BASE" | tar -x -C "$work/base"
(cd "$work/base" && ./autogen.sh && ./configure && make -j"$(nproc)") \
  >"$work/base.log" 2>&1 || { tail -n 20 "$work/base.log"; exit 1; }
base=$work/base/cli/strata

project=$work/project
mkdir -p "$project"
cp -r "$top/examples/db" "$project/"
rm -f "$project"/db/*.sqlite3
(cd "$project" && "$STRATA" -q up)

# median_ms JSON: the median of the one command hyperfine timed, in ms.
median_ms() {
  python3 -c 'import json,sys; print("%.3f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$1"
}

# round NAME ARGS...: one round of both builds with ARGS; appends
# "base this" in ms to $work/NAME.
round() {
  local name=$1 b t
  shift
  (cd "$project" &&
    hyperfine -N --style none --warmup 10 --runs 100 --export-json "$work/b.json" "$base $*" &&
    hyperfine -N --style none --warmup 10 --runs 100 --export-json "$work/t.json" "$STRATA $*") >/dev/null 2>&1
  b=$(median_ms "$work/b.json")
  t=$(median_ms "$work/t.json")
  echo "$b $t" >>"$work/$name"
}

for r in $(seq 1 "$ROUNDS"); do
  round version --version
  round status status
done

for name in version status; do
  echo "== strata $name ($ROUNDS rounds): median of medians, ms"
  awk '{ print $1 }' "$work/$name" | sort -n | awk '{ v[NR] = $1 } END { printf "  %s %.2f ms (min %.2f, max %.2f)\n", "'"$BASE"'", v[int((NR + 1) / 2)], v[1], v[NR] }'
  awk '{ print $2 }' "$work/$name" | sort -n | awk '{ v[NR] = $1 } END { printf "  this build %.2f ms (min %.2f, max %.2f)\n", v[int((NR + 1) / 2)], v[1], v[NR] }'
  awk '{ printf "%.4f %d\n", $2 / $1, $2 < $1 }' "$work/$name" | sort -n |
    awk '{ v[NR] = $1; wins += $2 } END { printf "  per round, this build over %s: median %.2fx (%.2fx to %.2fx); this build faster in %d of %d\n", "'"$BASE"'", v[int((NR + 1) / 2)], v[1], v[NR], wins, NR }'
done
