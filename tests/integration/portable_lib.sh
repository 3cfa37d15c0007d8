# portable_lib.sh - what the portable-migration tests share.  Not a test
# itself: each portable_*.sh test sources it after its engine's library.

# has_portable: whether this build has the parser plugin (libpg_query).
has_portable() { test -f "$STRATA_BUILDDIR/plugins/portable/portable_parser.la"; }

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
