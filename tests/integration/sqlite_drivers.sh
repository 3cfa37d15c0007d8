#!/bin/sh
# strata drivers: the loaded plugins, and a refused one with its reason.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/fixtures/sqlite.sh"

unset STRATA_PLUGIN_PATH
run_strata drivers
is "$rc" 0 "drivers succeeds"
like "$out" "^NAME +KIND +VERSION +ABI +SCHEMES +ORIGIN +CAPABILITIES$" "a table"
# The command loads the modules of its build tree, or carries them inside
# it when configured with --enable-static-plugins.
origin="[^ ]*/drivers/sqlite/[^ ]*driver_sqlite[.][a-z]+"
[ "${STRATA_STATIC_PLUGINS:-no}" = yes ] && origin=built-in
like "$out" "^sqlite +driver +[0-9.]+ +1 +sqlite[a-z0-9,]* +$origin +.*transactional-ddl" \
  "the SQLite driver is listed with its origin, ABI, schemes and capabilities"
for d in $STRATA_DRIVERS; do
  like "$out" "^$d " "every driver of this build is listed: $d"
done

# A module built for another plugin ABI is refused, with the reason.
cc=${CC:-cc}
mkdir plugins
cat >plugins/fake.c <<'C'
struct header { unsigned abi; int kind; const char *name; unsigned long size; };
static const struct header fake = {999, 1, "fake", sizeof fake};
const struct header *strata_plugin_entry(void) { return &fake; }
C
if "$cc" -shared -fPIC -o plugins/driver_fake.so plugins/fake.c 2>/dev/null; then
  STRATA_PLUGIN_PATH=$scratch/plugins run_strata drivers
  is "$rc" 0 "drivers with a bad plugin on the path succeeds"
  like "$out" "^refused:" "it lists refused plugins"
  like "$out" "driver_fake.*ABI 999.*ABI 1" "naming the file and both ABI versions"
  STRATA_PLUGIN_PATH=$scratch/plugins run_strata drivers --json
  like "$out" '"problem": ".*driver_fake' "--json carries the problem"
elif [ "${CI:-}" = true ]; then
  ok 1 "a C compiler builds the fake plugin"
else
  skip "no C compiler to build a fake plugin"
fi

done_testing
