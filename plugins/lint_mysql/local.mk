# The MySQL and MariaDB lint rule set: a libtool module.
pkglib_LTLIBRARIES += %D%/lint_mysql.la
plugins_lint_mysql_lint_mysql_la_SOURCES = \
	%D%/lint_mysql.h %D%/plugin.c %D%/alter.c
plugins_lint_mysql_lint_mysql_la_LIBADD = plugins/lint_common/liblintcommon.la
plugins_lint_mysql_lint_mysql_la_LDFLAGS = $(PLUGIN_LDFLAGS)
PRELOAD_PLUGINS += -dlpreopen %D%/lint_mysql.la
PRELOAD_PLUGIN_FILES += %D%/lint_mysql.la
