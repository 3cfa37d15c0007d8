# lib.sh - TAP helpers for the integration tests, which run the real strata
# command against real databases and check what the database holds.
#
#   . "$STRATA_SRCDIR/tests/integration/lib.sh"
#   scratch_dir            # a fresh folder, removed at exit; cd's into it
#   need_server postgres   # sets $server_url, or skips (fails in CI)
#   run_strata up          # runs $STRATA, keeps $out, $err and $rc
#   is "$rc" 0 "up succeeds"
#   like "$err" "checksum differs" "drift is named"
#   done_testing

set -u
tap_n=0
tap_failed=0

ok() { # ok CONDITION-EXIT-CODE DESCRIPTION
  tap_n=$((tap_n + 1))
  if [ "$1" -eq 0 ]; then echo "ok $tap_n - $2"; else
    echo "not ok $tap_n - $2"; tap_failed=$((tap_failed + 1)); fi
}

is() { # is GOT WANT DESCRIPTION
  if [ "$1" = "$2" ]; then ok 0 "$3"; else
    ok 1 "$3"; printf '#   got:  %s\n#   want: %s\n' "$1" "$2" | head -20; fi
}

isnt() { # isnt GOT UNWANTED DESCRIPTION
  if [ "$1" != "$2" ]; then ok 0 "$3"; else
    ok 1 "$3"; printf '#   got the unwanted: %s\n' "$1"; fi
}

like() { # like TEXT EXTENDED-REGEX DESCRIPTION
  if printf '%s' "$1" | grep -Eq -- "$2"; then ok 0 "$3"; else
    ok 1 "$3"; printf '#   no match for /%s/ in:\n' "$2"
    printf '%s\n' "$1" | head -20 | sed 's/^/#     /'; fi
}

unlike() { # unlike TEXT EXTENDED-REGEX DESCRIPTION
  if printf '%s' "$1" | grep -Eq -- "$2"; then
    ok 1 "$3"; printf '#   unwanted match for /%s/ in:\n' "$2"
    printf '%s\n' "$1" | head -20 | sed 's/^/#     /'; else ok 0 "$3"; fi
}

# has_line LINE FILE DESCRIPTION: FILE holds LINE, whole.
has_line() {
  if grep -qxF -- "$1" "$2"; then ok 0 "$3"; else
    ok 1 "$3"; printf '#   no line: %s\n' "$1"; fi
}

# same_file A B DESCRIPTION: the two files are byte for byte the same; when
# not, how they differ.
same_file() {
  if cmp -s "$1" "$2"; then ok 0 "$3"; else
    ok 1 "$3"; diff "$1" "$2" 2>&1 | head -20 | sed 's/^/#   /'; fi
}

skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP $1"; }
skip_all() { echo "1..0 # SKIP $1"; exit 0; }

done_testing() { echo "1..$tap_n"; [ "$tap_failed" -eq 0 ]; exit $?; }

# run_strata ARGS... runs the command under test; $out, $err, $rc hold the
# result.  It never reads the terminal.
run_strata() {
  local o e
  o=$(mktemp) e=$(mktemp)
  "$STRATA" "$@" >"$o" 2>"$e" </dev/null
  rc=$?
  out=$(cat "$o") err=$(cat "$e")
  rm -f "$o" "$e"
}

# wait_for COMMAND DESCRIPTION: polls COMMAND until it succeeds, for at
# most 30 s; a condition that never comes is a failed test point.
wait_for() {
  local n=0
  until eval "$1" >/dev/null 2>&1; do
    n=$((n + 1))
    if [ "$n" -ge 300 ]; then
      ok 1 "$2"
      return 1
    fi
    sleep 0.1
  done
  ok 0 "$2"
}

# scratch_database CLEANUP URL_FOR: a scratch folder and a fresh database
# on the test server, named after the test and its PID; sets $test_db to its
# name and $test_url to its URL (URL_FOR NAME prints it).  CLEANUP runs at
# exit and must drop it.
scratch_database() {
  scratch_dir
  test_db="strata_$(basename "$0" .sh)_$$"
  test_url=$("$2" "$test_db")
  trap "$1" EXIT
  run_strata -u "$test_url" create
  if [ "$rc" -ne 0 ]; then
    echo "Bail out! cannot create the test database: $err"
    exit 1
  fi
}

# scratch_dir: a fresh working folder for this test, removed when it exits.
scratch_dir() {
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/strata-test.XXXXXX")
  trap 'rm -rf "$scratch"' EXIT
  cd "$scratch" || exit 1
  # Nothing from the developer's environment may leak into a test.
  unset DATABASE_URL STRATA_URL STRATA_DIR STRATA_TABLE
}

# scratch_tmpdir: TMPDIR in the scratch folder, so that a new temporary
# folder a command makes (a port's rejects) is the test's own to look in.
scratch_tmpdir() {
  TMPDIR=$scratch/tmp
  mkdir "$TMPDIR"
  export TMPDIR
}

# write_migration FILE CONTENT: creates db/migrations/FILE.
write_migration() { migration db/migrations "$1" "$2"; }

# has_driver NAME: whether this build has that driver.
has_driver() { case " $STRATA_DRIVERS " in *" $1 "*) return 0 ;; esac; return 1; }

# need_server ENGINE: sets $server_url to the URL of the throwaway server the
# test run started (tests/servers), or skips the whole test when there is
# none.  In CI a missing server is a failure, never a skip.  It sets a
# variable rather than printing, so that its exit ends the test itself, not
# a $(...) subshell.
need_server() {
  local f="$STRATA_TEST_STATE/$1/url"
  if [ -s "$f" ]; then server_url=$(cat "$f"); return 0; fi
  if [ "${CI:-}" = true ]; then
    echo "not ok 1 - the $1 test server is not running (see tests/run/$1)"
    echo "1..1"; exit 1
  fi
  skip_all "no $1 test server: tests/servers could not start one here"
}

# jget EXPR: the Python expression EXPR over the JSON document in $out (d);
# "invalid" when $out is not JSON.
jget() {
  printf '%s' "$out" | python3 -c '
import json, sys
try:
    d = json.load(sys.stdin)
except ValueError:
    print("invalid"); sys.exit(0)
print(eval(sys.argv[1]))' "$1"
}

# migration DIR FILE SQL: writes SQL into DIR/FILE, making DIR.
migration() { mkdir -p "$1"; printf '%s\n' "$3" >"$1/$2"; }
