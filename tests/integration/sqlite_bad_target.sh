#!/bin/sh
# Targets: URL forms, bad URLs, a corrupt history table, a read-only
# database, and passwords that must never be printed.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

write_migration 0010_users.up.sql "CREATE TABLE users (id INTEGER);"
write_migration 0010_users.down.sql "DROP TABLE users;"

# one_line_error DESCRIPTION PATTERN: the last command failed with exit 1
# and one error line matching PATTERN (progress lines and the error's
# location and detail lines may come with it).
one_line_error() {
  if [ "$rc" = 1 ] && [ "$(printf '%s\n' "$err" | grep -c '^strata: error: ')" = 1 ] &&
    printf '%s' "$err" | grep -Eq -- "^strata: error: .*$2"; then
    ok 0 "$1"
  else
    ok 1 "$1"
    printf '#   rc=%s err=%s\n' "$rc" "$err"
  fi
}

run_strata up -u "sqlite://$scratch/abs.db"
is "$rc" 0 "sqlite:///absolute/path works"
is "$(sqlite3 "$scratch/abs.db" 'SELECT version FROM strata_migrations')" 0010 \
  "and migrates that file"

run_strata up -u sqlite::memory:
is "$rc" 0 "sqlite::memory: works"
is "$(ls)" "$(printf 'abs.db\ndb')" "and writes no file"

run_strata up -u nosuch://host/db
one_line_error "an unknown URL scheme is one line" "nosuch"
run_strata up -u "not a url"
one_line_error "a malformed URL is one line" "not a url"
run_strata up -u sqlite:no/such/dir/app.db
one_line_error "a database in a missing folder is one line" "no/such/dir/app.db"
is "$(ls)" "$(printf 'abs.db\ndb')" "no bad target made a file"

# Passwords never appear, whatever fails.
for url in "postgres://alice:Sup3rS3cret@127.0.0.1:1/app" \
  "mysql://alice:Sup3rS3cret@127.0.0.1:1/app" \
  "postgres://127.0.0.1:1/app?user=alice&password=Sup3rS3cret" \
  "nosuch://alice:Sup3rS3cret@127.0.0.1:1/app"; do
  scheme=${url%%:*}
  run_strata status -u "$url"
  isnt "$rc" 0 "$scheme URL that cannot be used fails"
  unlike "$out$err" "Sup3rS3cret" "$scheme: the password is not printed"
  run_strata status -u "$url" --json
  unlike "$out$err" "Sup3rS3cret" "$scheme: nor in JSON"
  run_strata drop -u "$url"
  unlike "$out$err" "Sup3rS3cret" "$scheme: nor by drop"
  if command -v script >/dev/null 2>&1; then
    printf 'n\n' | script -qec "'$STRATA' drop -u '$url'" /dev/null >prompt.out 2>&1
    like "$(cat prompt.out)" "Drop .*\*\*\*" "$scheme: drop's question hides it"
    unlike "$(cat prompt.out)" "Sup3rS3cret" "$scheme: and does not show it"
  fi
  DATABASE_URL=$url run_strata up -v
  unlike "$out$err" "Sup3rS3cret" "$scheme: nor from DATABASE_URL with -v"
done

# A history table that strata did not write.
sqlite3 corrupt.db "CREATE TABLE strata_migrations (id INTEGER, note TEXT);
                    INSERT INTO strata_migrations VALUES (1, 'mine');"
before=$(sqlite3 corrupt.db .dump)
run_strata up -u sqlite:corrupt.db
one_line_error "a corrupt history table is one line" "strata_migrations"
is "$(sqlite3 corrupt.db .dump)" "$before" "and nothing changed"
run_strata status -u sqlite:corrupt.db
is "$rc" 1 "status reports it too"

# A database that cannot be written: file modes for a normal user; for
# root, who writes through them, an immutable file.
run_strata up -u sqlite:ro.db
is "$rc" 0 "set-up: ro.db is migrated"
write_migration 0020_posts.up.sql "CREATE TABLE posts (id INTEGER);"
if [ "$(id -u)" != 0 ]; then
  chmod a-w ro.db
elif chattr +i ro.db 2>/dev/null; then
  trap 'chattr -i "$scratch/ro.db"; rm -rf "$scratch"' EXIT
fi
before=$(sqlite3 ro.db .dump)
if ! sqlite3 ro.db "CREATE TABLE probe (x INTEGER)" 2>/dev/null; then
  run_strata up -u sqlite:ro.db
  one_line_error "a read-only database is one error line" "ro\.db"
  like "$err" "read-only" "that says it is read-only"
  is "$(sqlite3 ro.db .dump)" "$before" "and nothing changed"
elif [ "${CI:-}" = true ]; then
  ok 1 "a read-only database: no way to make a read-only file here (root without chattr +i)"
else
  skip "no way to make a read-only file here (root without chattr +i)"
fi

done_testing
