# The conventions lint rule set, for every engine: a libtool module.
pkglib_LTLIBRARIES += %D%/lint_conventions.la
plugins_lint_conventions_lint_conventions_la_SOURCES = \
	%D%/lint_conventions.h %D%/plugin.c %D%/read.c
plugins_lint_conventions_lint_conventions_la_LIBADD = \
	plugins/lint_common/liblintcommon.la
plugins_lint_conventions_lint_conventions_la_LDFLAGS = $(PLUGIN_LDFLAGS)
PRELOAD_PLUGINS += -dlpreopen %D%/lint_conventions.la
PRELOAD_PLUGIN_FILES += %D%/lint_conventions.la

# The rules of the three token-scanning rule sets, with no server and no
# loader: each plugin's sources linked into one test program.
check_PROGRAMS += tests/unit/test_lint_rules
TESTS += tests/unit/test_lint_rules
tests_unit_test_lint_rules_SOURCES = tests/unit/test_lint_rules.c \
	tests/unit/lint_harness.h \
	plugins/lint_mysql/plugin.c plugins/lint_mysql/alter.c \
	plugins/lint_sqlite/plugin.c \
	plugins/lint_conventions/plugin.c plugins/lint_conventions/read.c \
	plugins/lint_common/tokens.c plugins/lint_common/names.c \
	plugins/lint_common/report.c
tests_unit_test_lint_rules_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
# The case tables leave the trailing no_down member out where it is 0.
tests_unit_test_lint_rules_CFLAGS = $(AM_CFLAGS) \
	-Wno-missing-field-initializers
