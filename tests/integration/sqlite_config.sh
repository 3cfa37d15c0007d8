#!/bin/sh
# Where the settings come from: flags > environment (DATABASE_URL,
# STRATA_*) > .env > strata.conf, and the embedded default database.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

unset DATABASE_URL STRATA_LOCK_TIMEOUT STRATA_WAIT STRATA_ALLOW_OUT_OF_ORDER \
  STRATA_PLUGIN_PATH
three_migrations

# count_in FILE: how many migrations FILE's history holds ("none": no file).
count_in() {
  if [ -f "$1" ]; then
    sqlite3 "$1" "SELECT count(*) FROM ${2:-strata_migrations}" 2>&1
  else
    echo none
  fi
}

# With nothing configured, the embedded default is used and named.
run_strata up
is "$rc" 0 "up with no URL anywhere succeeds"
like "$err" "using the embedded SQLite database db/strata.sqlite3" \
  "it says which database it uses"
is "$(count_in db/strata.sqlite3)" 3 "and migrates db/strata.sqlite3"
run_strata status
like "$err" "embedded SQLite database" "every command says so"
run_strata status -q
is "$err" "" "except with -q"

printf '[strata]\nurl = sqlite:conf.db\n' >strata.conf
run_strata up
is "$rc" 0 "a URL in strata.conf"
is "$(count_in conf.db)" 3 "is used"
unlike "$err" "embedded" "and the default is not mentioned"

printf 'DATABASE_URL=sqlite:dotenv.db\n' >.env
run_strata up
is "$(count_in dotenv.db)" 3 ".env beats strata.conf"

DATABASE_URL=sqlite:environ.db run_strata up
is "$(count_in environ.db)" 3 "DATABASE_URL beats .env"

STRATA_URL=sqlite:strata-url.db DATABASE_URL=sqlite:environ2.db run_strata up
is "$(count_in strata-url.db)" 3 "STRATA_URL beats DATABASE_URL"
is "$(count_in environ2.db)" none "which is then unused"

DATABASE_URL=sqlite:environ3.db run_strata up -u sqlite:flag.db
is "$(count_in flag.db)" 3 "--url beats the environment"
is "$(count_in environ3.db)" none "which is then unused"

# The other settings follow the same order.
rm .env
mkdir -p elsewhere/conf elsewhere/env elsewhere/flag
cp db/migrations/0010_users.up.sql elsewhere/conf/
cp db/migrations/0010_users.up.sql db/migrations/0020_posts.up.sql elsewhere/env/
cp db/migrations/0010_users.up.sql db/migrations/0020_posts.up.sql \
  db/migrations/0030_email.up.sql elsewhere/flag/
printf '[strata]\nurl = sqlite:dirs.db\ndir = elsewhere/conf\ntable = conf_history\n' \
  >strata.conf
run_strata up
is "$(count_in dirs.db conf_history)" 1 "dir and table from strata.conf"
STRATA_DIR=elsewhere/env STRATA_TABLE=env_history run_strata up -u sqlite:dirs2.db
is "$(count_in dirs2.db env_history)" 2 "STRATA_DIR and STRATA_TABLE beat strata.conf"
STRATA_DIR=elsewhere/env STRATA_TABLE=env_history \
  run_strata up -u sqlite:dirs3.db -d elsewhere/flag --table flag_history
is "$(count_in dirs3.db flag_history)" 3 "-d and --table beat the environment"

printf 'DATABASE_URL="sqlite:quoted.db" # a comment\n' >.env
run_strata up
is "$(count_in quoted.db conf_history)" 1 ".env values may be quoted"
rm .env

# Bad configuration is an error that names the file and line.
printf '[strata]\nurl = sqlite:dirs.db\nthis is not a setting\n' >strata.conf
before=$(sqlite3 dirs.db .dump)
run_strata up
is "$rc" 1 "a malformed strata.conf fails"
like "$err" "^strata: error: .*strata.conf:3" "the error names the file and line"
is "$(lines "$err")" 1 "in one line"
is "$(sqlite3 dirs.db .dump)" "$before" "and nothing changed"

printf '[strata]\nlock_timeout = soon\n' >strata.conf
run_strata status
is "$rc" 1 "a malformed value fails"
like "$err" "lock_timeout" "the error names the setting"

printf '[strata]\nlock_timeout = -2\n' >strata.conf
run_strata status
is "$rc" 1 "a negative lock_timeout other than -1 fails"
like "$err" "0 or more, or -1 to wait" "the error tells of -1 too"

done_testing
