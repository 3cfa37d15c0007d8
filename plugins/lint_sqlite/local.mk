# The SQLite lint rule set: a libtool module.
pkglib_LTLIBRARIES += %D%/lint_sqlite.la
plugins_lint_sqlite_lint_sqlite_la_SOURCES = %D%/plugin.c
plugins_lint_sqlite_lint_sqlite_la_LIBADD = plugins/lint_common/liblintcommon.la
plugins_lint_sqlite_lint_sqlite_la_LDFLAGS = $(PLUGIN_LDFLAGS)
PRELOAD_PLUGINS += -dlpreopen %D%/lint_sqlite.la
PRELOAD_PLUGIN_FILES += %D%/lint_sqlite.la
