# portable_lib.sh - what the portable-migration tests share.  Not a test
# itself: each portable_*.sh test sources it after its engine's library.

# has_portable: whether this build has the parser plugin (libpg_query).
has_portable() { test -f "$STRATA_BUILDDIR/plugins/portable/portable_parser.la"; }
