# portable_lib.sh - what the portable-migration tests share.  Not a test
# itself: each portable_*.sh test sources it after its engine's library.

# has_portable: whether this build has the parser plugin (libpg_query).
has_portable() { test -f "$STRATA_BUILDDIR/plugins/portable/portable_parser.la"; }

# three_engines: for a test on PostgreSQL, MariaDB and SQLite at once,
# after port_lib.sh: skips it when this build or machine lacks one of
# them (the portable parser, the SQLite driver, the sqlite3 shell), makes
# the PostgreSQL and MariaDB scratch databases (port_scratch_databases),
# and names the SQLite one, lite_url.
three_engines() {
  has_portable || skip_all "this build has no portable parser (libpg_query)"
  has_driver sqlite || skip_all "this build has no SQLite driver"
  command -v sqlite3 >/dev/null 2>&1 ||
    skip_all "the sqlite3 shell is not installed"
  port_scratch_databases
  lite_url=sqlite:lite.db
}

# lite SQL: runs SQL in three_engines' SQLite database.
lite() { sqlite3 lite.db "$1"; }

# run_example URL: the example set (examples/portable) up, down --all, up
# and down --all again on URL, from a copy in ./example, with a history
# table of its own; prints what failed, if any.
run_example() {
  rm -rf example && mkdir example && cp -r "$STRATA_SRCDIR/examples/portable/db" example/
  for step in up "down --all" up "down --all"; do
    (cd example && "$STRATA" -u "$1" --table strata_example $step \
      >/dev/null 2>../example.err) ||
      { echo "$step: $(cat example.err)"; return 1; }
  done
}
