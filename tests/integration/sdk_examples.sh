#!/bin/sh
# The SDK: strata installed into a scratch root, then the two examples
# built against it with pkg-config alone.  The embedding program migrates
# a database through the installed library and drivers; the out-of-tree
# driver is listed and used by the installed strata command, whose binary
# depends on no database client library (unless the drivers are linked in).
. "$STRATA_SRCDIR/tests/integration/lib.sh"
. "$STRATA_SRCDIR/tests/integration/portable_lib.sh"

has_driver sqlite || skip_all "this build has no SQLite driver"
[ "${STRATA_SHARED:-yes}" = yes ] ||
  skip_all "built without shared libraries: no driver module to install"
cc=${CC:-cc}
need() { # need COMMAND: skips without it, outside CI
  command -v "$1" >/dev/null 2>&1 && return 0
  [ "${CI:-}" = true ] && { echo "not ok 1 - $1 is missing"; echo "1..1"; exit 1; }
  skip_all "no $1"
}
need "$cc"
need pkg-config
need readelf
scratch_dir
root=$scratch/root

# A make run by a test would otherwise join the jobs of the make running it.
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
  make -s -C "$STRATA_BUILDDIR" install DESTDIR="$root" >install.log 2>&1
ok $? "make install DESTDIR=... succeeds"
prefix_dir=$(dirname "$(find "$root" -path '*/bin/strata' | head -n 1)")/..
prefix_dir=$(cd "$prefix_dir" && pwd)
lib=$(dirname "$(find "$prefix_dir" -name strata.pc | head -n 1)")/..
lib=$(cd "$lib" && pwd)
PKG_CONFIG_PATH=$lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$root
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
installed="$prefix_dir/bin/strata"
[ -s "$prefix_dir/share/bash-completion/completions/strata" ] &&
  [ -s "$prefix_dir/share/zsh/site-functions/_strata" ]
ok $? "make install installs the bash and zsh completion scripts"

needed=$(readelf -d "$installed" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
like "$needed" "libltdl" "readelf shows the installed binary's direct dependencies"
if [ "${STRATA_STATIC_PLUGINS:-no}" = yes ]; then
  # --enable-static-plugins: the drivers, and so their client libraries,
  # are linked into the command, which needs no module to find them.
  drivers=$("$installed" drivers 2>&1)
  like "$drivers" "^sqlite +driver .* built-in " \
    "the installed command has its drivers built in"
else
  unlike "$needed" "libpq|libmariadb|libmysqlclient|libpg_query|libsqlite3" \
    "none of them is a database client library"
fi

# Each installed header compiles on its own: whatever it includes was
# installed too.
bad=""
for h in "$prefix_dir"/include/strata/*.h; do
  printf '#include <strata/%s>\n' "$(basename "$h")" |
    "$cc" -fsyntax-only -Wall -x c - $(pkg-config --cflags strata) 2>>cc.err ||
    bad="$bad $(basename "$h")"
done
is "$bad" "" "every installed header compiles alone: $(ls "$prefix_dir"/include/strata | tr '\n' ' ')"

# The library exports its public API alone: strata_ and a letter.
if command -v nm >/dev/null 2>&1; then
  others=$(nm -D --defined-only "$lib/libstrata.so" | awk '{ print $3 }' |
    grep -v '^strata_[a-z]' | tr '\n' ' ')
  is "$others" "" "libstrata.so exports no symbol but strata_<letter> ones"
fi

# The embedding program.
"$cc" -o embed "$STRATA_SRCDIR/examples/embed/embed.c" \
  $(pkg-config --cflags --libs strata) 2>cc.err
ok $? "examples/embed builds with pkg-config --cflags --libs strata"
LD_LIBRARY_PATH=$lib STRATA_PLUGIN_PATH=$lib/strata ./embed sqlite:embed.db >embed.out 2>&1
ok $? "and runs"
is "$(cat embed.out)" "1 create_users applied
2 seed_admin applied" "it applied both of its migrations"
if command -v sqlite3 >/dev/null 2>&1; then
  is "$(sqlite3 embed.db 'SELECT email FROM users')" "admin@example.com" \
    "the database holds the seeded row"
fi

# Linked with libstrata.a itself (-l:), the rest from strata.pc's private
# fields: what a static link needs is all named there.
"$cc" -o embed-static "$STRATA_SRCDIR/examples/embed/embed.c" \
  $(pkg-config --cflags strata) \
  $(pkg-config --static --libs strata | sed 's/-lstrata\b/-l:libstrata.a/') 2>cc.err
ok $? "it links statically with pkg-config --static --libs strata"
STRATA_PLUGIN_PATH=$lib/strata ./embed-static sqlite::memory: >embed.out 2>&1
ok $? "and runs"
ldd ./embed-static | grep -q libstrata
ok $((! $?)) "with no libstrata.so"

# The out-of-tree driver, against the installed strata.
if pkg-config --exists sqlite3; then
  mkdir plugins
  "$cc" -shared -fPIC -o plugins/driver_lite.so \
    "$STRATA_SRCDIR/examples/driver/driver_lite.c" \
    $(pkg-config --cflags strata sqlite3) $(pkg-config --libs sqlite3) 2>cc.err
  ok $? "examples/driver builds with pkg-config --cflags strata"
  STRATA_PLUGIN_PATH=$scratch/plugins:$lib/strata
  export STRATA_PLUGIN_PATH
  STRATA=$installed run_strata drivers
  like "$out" "^lite +driver +1[.]0 +1 +lite +[^ ]*plugins/driver_lite[.]so" \
    "the installed strata lists it"
  like "$out" "^sqlite +driver " "beside the installed drivers"
  mkdir -p db/migrations
  cp "$STRATA_SRCDIR"/examples/db/migrations/* db/migrations/
  STRATA=$installed run_strata -u lite:lite.db up
  is "$rc" 0 "up through the out-of-tree driver succeeds"
  STRATA=$installed run_strata -u lite:lite.db status
  like "$out" "3 applied, 0 pending" "status through it reads the history back"
  if command -v sqlite3 >/dev/null 2>&1; then
    is "$(sqlite3 lite.db 'SELECT count(*) FROM users')" 1 "the migrations ran"
  fi
  # A driver built before portable migrations (no render_ops) refuses
  # them before anything runs, and cannot be compared with --neutral.
  if has_portable; then
    mkdir portable
    printf 'CREATE TABLE p (id integer PRIMARY KEY);\n' \
      >portable/001_p.portable.up.sql
    STRATA=$installed run_strata -u lite:portable.db -d portable up
    is "$rc" 1 "a portable migration through it is refused"
    like "$err" "the lite driver cannot run portable migrations \(it predates them\)" \
      "saying why"
  else
    skip "this build has no portable parser (libpg_query)"
  fi
  STRATA=$installed run_strata diff --neutral lite:lite.db lite:lite.db
  is "$rc" 1 "diff --neutral through it is refused"
  like "$err" "the lite driver cannot" "saying why"
else
  skip "no sqlite3.pc to build the example driver"
fi

done_testing
