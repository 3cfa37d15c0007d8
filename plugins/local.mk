# Plugins that are not drivers: migration-folder layouts and lint rule
# sets, one folder each (plugins/layout_<name>/, plugins/lint_<name>/), each
# a libtool module with a local.mk fragment of its own, included below.  A
# fragment builds its module like a driver's (PLUGIN_LDFLAGS), installs it
# in pkglibdir and adds it to PRELOAD_PLUGINS and PRELOAD_PLUGIN_FILES, for
# a build that links its plugins in.  The loader finds plugins/*/.libs of
# a build tree with no path set.
PLUGIN_LDFLAGS = -module -avoid-version -no-undefined \
	-export-symbols-regex '_LTX_strata_plugin_entry$$'

include %D%/shared/local.mk
include %D%/layout_plain/local.mk
include %D%/layout_dbmate/local.mk
include %D%/layout_goose/local.mk
include %D%/layout_flyway/local.mk
include %D%/layout_diesel/local.mk

# The lint rule sets share a token scan and a name list (lint_common), a
# convenience library linked into each.
include %D%/lint_common/local.mk
include %D%/lint_postgres/local.mk
include %D%/lint_mysql/local.mk
include %D%/lint_sqlite/local.mk
include %D%/lint_conventions/local.mk
