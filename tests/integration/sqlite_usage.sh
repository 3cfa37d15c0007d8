#!/bin/sh
# The command line: global options before and after the command, help,
# --version, and every kind of usage error (exit 2, one line, a pointer to
# the command's help).
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

unset DATABASE_URL
three_migrations
mkdir other
mv db/migrations other/m

run_strata -u sqlite:before.db -d other/m --table hist up
is "$rc" 0 "global options before the command"
is "$(sqlite3 before.db 'SELECT count(*) FROM hist')" 3 \
  "they set the URL, the folder and the history table"

run_strata up -u sqlite:after.db --dir other/m --table=hist2
is "$rc" 0 "global options after the command"
is "$(sqlite3 after.db 'SELECT count(*) FROM hist2')" 3 "work the same"

run_strata --url=sqlite:mixed.db status -d other/m --exit-code
is "$rc" 3 "options on both sides of the command"

run_strata -q -u sqlite:before.db -d other/m --table hist status
is "$out$err" "" "-q prints nothing on success"

run_strata -v -u sqlite:before.db -d other/m --table hist status
like "$err" "target sqlite:before.db \(driver sqlite, SQLite [0-9.]+\)" \
  "-v names the target, driver and server"

run_strata -u sqlite:before.db -d other/m --table hist status --wait
is "$rc" 0 "--wait without a value is accepted"
run_strata -u sqlite:before.db -d other/m --table hist --wait=2 --lock-timeout 5 up
is "$rc" 0 "--wait=SECONDS and --lock-timeout SECONDS are accepted"

if command -v script >/dev/null 2>&1; then
  TERM=xterm script -qec "'$STRATA' -u sqlite:before.db -d other/m --table hist status" \
    /dev/null >tty.out 2>&1
  like "$(od -c tty.out)" "033" "on a terminal the output has colors"
  TERM=xterm script -qec "'$STRATA' -u sqlite:before.db -d other/m --table hist status --no-color" \
    /dev/null >tty.out 2>&1
  unlike "$(od -c tty.out)" "033" "--no-color turns them off"
  TERM=xterm NO_COLOR=1 script -qec "'$STRATA' -u sqlite:before.db -d other/m --table hist status" \
    /dev/null >tty.out 2>&1
  unlike "$(od -c tty.out)" "033" "so does NO_COLOR"
fi
run_strata -u sqlite:before.db -d other/m --table hist status
unlike "$(printf '%s' "$out$err" | od -c)" "033" "no colors when not on a terminal"

run_strata --version
is "$rc" 0 "--version succeeds"
like "$out" "^strata [0-9]+\.[0-9]+\.[0-9]+$" "and prints the version"

run_strata --help
is "$rc" 0 "--help succeeds"
like "$out" "^usage: strata " "--help shows usage"
for c in new up down redo status repair create drop drivers help; do
  like "$out" "^  $c( |$)" "--help lists $c"
done
like "$out" "3  status --exit-code" "--help documents the exit statuses"
like "$out" "DATABASE_URL" "--help documents the configuration"

run_strata help
is "$out" "$("$STRATA" --help)" "help is --help"

for c in new up down redo status repair create drop drivers help; do
  run_strata "$c" --help
  if [ "$rc" = 0 ] && printf '%s' "$out" | grep -q "^usage: strata $c"; then
    ok 0 "strata $c --help"
  else
    ok 1 "strata $c --help"
  fi
done
run_strata help down
like "$out" "^usage: strata down \[-n N \| --to VERSION \| --all\]" "help COMMAND"
like "$out" "--all" "shows the command's options"
run_strata status -h
like "$out" "exit 3 when" "status --help documents its exit codes"

# usage_error DESCRIPTION PATTERN HINT ARGS...: the command fails with exit
# status 2 and one line matching PATTERN that ends with the help hint.
usage_error() {
  local what=$1 pattern=$2 hint=$3
  shift 3
  run_strata "$@"
  if [ "$rc" = 2 ] && [ -z "$out" ] && [ "$(lines "$err")" = 1 ] &&
    printf '%s' "$err" | grep -Eq -- "^strata: error: $pattern; see '$hint'$"; then
    ok 0 "$what"
  else
    ok 1 "$what"
    printf '#   rc=%s out=%s err=%s\n' "$rc" "$out" "$err"
  fi
}

usage_error "unknown command" "unknown command 'frobnicate'" \
  "strata --help" frobnicate
usage_error "unknown command with options" "unknown command 'upp'" \
  "strata --help" -u sqlite:x.db upp
usage_error "unknown long option" "unknown option '--frob'" \
  "strata up --help" up --frob
usage_error "unknown short option" "unknown option '-x'" \
  "strata status --help" status -x
usage_error "option of another command" \
  "option '--all' does not apply to 'strata up'" "strata up --help" up --all
usage_error "option of another command before it" \
  "option '--exit-code' does not apply to 'strata up'" "strata up --help" \
  --exit-code up
usage_error "missing value" "option '--to' needs a value" \
  "strata up --help" up --to
usage_error "missing value of a short option" "option '-u' needs a value" \
  "strata status --help" status -u
usage_error "a value for a flag" "option '--dry-run' takes no value" \
  "strata up --help" up --dry-run=yes
usage_error "-n must be a positive number" "option '-n' expects a number.*'0'" \
  "strata down --help" down -n 0
usage_error "-n must be a number" "option '-n' expects a number.*'two'" \
  "strata up --help" up -n two
usage_error "--to must be a version" "option '--to' expects a version.*'v2'" \
  "strata up --help" up --to v2
usage_error "--wait must be seconds" "option '--wait' expects a number.*'soon'" \
  "strata status --help" status --wait=soon
usage_error "--lock-timeout must be seconds" \
  "option '--lock-timeout' expects seconds from 0 to 86400, or -1 .*'soon'" \
  "strata up --help" up --lock-timeout soon
usage_error "--to with -n" "options '--to' and '-n' cannot be used together" \
  "strata up --help" up --to 0010 -n 1
usage_error "--all with -n" "option '--all' cannot be used with .*" \
  "strata down --help" down --all -n 2
usage_error "new without NAME" "'strata new' needs NAME" \
  "strata new --help" new
usage_error "an extra argument" "unexpected argument 'now'" \
  "strata up --help" up now
usage_error "help of an unknown command" "unknown command 'nope'" \
  "strata --help" help nope
usage_error "an empty URL" "option '--url' expects a value" \
  "strata status --help" status --url=
usage_error "verify --engines with one URL" \
  "--engines needs at least two URLs, comma-separated" \
  "strata verify --help" verify --engines sqlite:one.db
usage_error "verify --engines with only commas" \
  "--engines needs at least two URLs, comma-separated" \
  "strata verify --help" verify --engines ,,
usage_error "port --resume with --schema-only" \
  "--resume finishes a port that copies data: not with --schema-only or --verify-only" \
  "strata port --help" port --from sqlite:from.db --to sqlite:to.db --resume \
  --schema-only
usage_error "port --resume with --verify-only" \
  "--resume finishes a port that copies data: not with --schema-only or --verify-only" \
  "strata port --help" port --from sqlite:from.db --to sqlite:to.db \
  --verify-only --resume

run_strata
is "$rc" 2 "no command is a usage error"
like "$err" "^usage: strata" "that shows the usage"

# status on mixed.db, which did not exist, left no file behind.
is "$(ls ./*.db | tr '\n' ' ')" "./after.db ./before.db " \
  "no usage error touched a database"

done_testing
