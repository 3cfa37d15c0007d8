# Plugins that are not drivers: migration-folder layouts and lint rule
# sets, one folder each (plugins/layout_<name>/, plugins/lint_<name>/), each
# a libtool module with a local.mk fragment of its own, included below.  A
# fragment builds its module like a driver's (PLUGIN_LDFLAGS), installs it
# in pkglibdir and adds it to PRELOAD_PLUGINS and PRELOAD_PLUGIN_FILES, for
# a build that links its plugins in.  The loader finds plugins/*/.libs of
# a build tree with no path set.
PLUGIN_LDFLAGS = -module -avoid-version -no-undefined \
	-export-symbols-regex '_LTX_strata_plugin_entry$$'
