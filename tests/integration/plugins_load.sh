#!/bin/sh
# Drivers are loaded at run time, each only when a URL needs it: a SQLite
# run maps no PostgreSQL or MySQL client library into the process, nor
# another engine's lint rule set.  A
# module that cannot be loaded is named, with libltdl's reason, by
# `strata drivers` and by the error for its scheme.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

unset STRATA_PLUGIN_PATH

# libs_of ARGS...: the shared objects the dynamic linker initialised while
# strata ran with ARGS, one base name a line.
libs_of() {
  LD_DEBUG=libs LD_DEBUG_OUTPUT=$scratch/ld "$STRATA" "$@" >/dev/null 2>&1
  cat "$scratch"/ld.* | sed -n 's|.*calling init: .*/||p' | sort -u
  rm -f "$scratch"/ld.*
}
client_libs='libpq|libmariadb|libmysqlclient|libpg_query'

if [ "${STRATA_STATIC_PLUGINS:-no}" = yes ]; then
  skip "configured with --enable-static-plugins: the drivers are linked in"
  skip "so every client library is loaded at start"
  skip "(the default build is tested in CI)"
else
  libs=$(libs_of --version)
  like "$libs" "^libltdl" "LD_DEBUG=libs shows the libraries strata --version loads"
  unlike "$libs" "$client_libs|libsqlite3|driver_" "--version loads no driver and no client library"

  write_migration 1_t.up.sql "CREATE TABLE t (id INTEGER);"
  libs=$(libs_of status)
  like "$libs" "^driver_sqlite" "an SQLite status loads the SQLite driver"
  like "$libs" "^libsqlite3" "and SQLite"
  unlike "$libs" "$client_libs|driver_postgres|driver_mysql" \
    "and no other driver or client library"

  # Lint rule sets likewise: the engine's own and the engine-neutral ones.
  libs=$(libs_of lint)
  like "$libs" "lint_sqlite" "an SQLite lint loads the SQLite rule set"
  like "$libs" "lint_conventions" "and the engine-neutral conventions"
  unlike "$libs" "lint_postgres|lint_mysql|$client_libs" \
    "and no other engine's rule set, nor libpg_query"
  STRATA_LINT=error
  export STRATA_LINT
  libs=$(libs_of up --dry-run)
  unset STRATA_LINT
  like "$libs" "lint_sqlite" "up with lint = error lints with the SQLite rule set"
  unlike "$libs" "lint_postgres|lint_mysql|$client_libs" \
    "and no other"
fi

# A module that does not load: it needs a symbol nothing defines (a data
# reference, resolved when the module is opened whatever the binding).
cc=${CC:-cc}
mkdir plugins
cat >plugins/broken.c <<'C'
extern int strata_test_missing_symbol;
int *strata_test_ref = &strata_test_missing_symbol;
C
if "$cc" -shared -fPIC -o plugins/driver_broken.so plugins/broken.c 2>/dev/null; then
  STRATA_PLUGIN_PATH=$scratch/plugins run_strata drivers
  is "$rc" 0 "drivers with a module that does not load succeeds"
  like "$out" "driver_broken[.]so.*undefined symbol: strata_test_missing_symbol" \
    "and names the module with libltdl's reason"
  like "$out" "^sqlite +driver " "the other drivers are still listed"

  STRATA_PLUGIN_PATH=$scratch/plugins run_strata -u broken:x status
  is "$rc" 1 "a URL for the broken module's scheme fails"
  like "$err" "cannot load '[^']*driver_broken[.]so': .*undefined symbol: strata_test_missing_symbol" \
    "naming the module and the reason it did not load"

  STRATA_PLUGIN_PATH=$scratch/plugins run_strata -u nosuch:x status
  is "$rc" 1 "an unknown scheme fails"
  like "$err" "no driver for 'nosuch:' URLs.*driver_broken[.]so.*undefined symbol" \
    "and the error names the module that did not load"
elif [ "${CI:-}" = true ]; then
  ok 1 "a C compiler builds the broken module"
else
  skip "no C compiler to build a broken module"
fi

done_testing
