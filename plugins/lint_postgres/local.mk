# The PostgreSQL lint rule set: a libtool module that reads statements with
# libpg_query (as the driver's splitter does) and its JSON parse tree with
# jansson.
if WITH_POSTGRES
pkglib_LTLIBRARIES += %D%/lint_postgres.la
plugins_lint_postgres_lint_postgres_la_SOURCES = \
	%D%/lint_postgres.h %D%/plugin.c %D%/tree.c %D%/rules.c
plugins_lint_postgres_lint_postgres_la_CPPFLAGS = $(AM_CPPFLAGS) \
	$(PGQUERY_CFLAGS) $(JANSSON_CFLAGS)
plugins_lint_postgres_lint_postgres_la_LIBADD = \
	plugins/lint_common/liblintcommon.la $(PGQUERY_LIBS) $(JANSSON_LIBS)
plugins_lint_postgres_lint_postgres_la_LDFLAGS = $(PLUGIN_LDFLAGS)
PRELOAD_PLUGINS += -dlpreopen %D%/lint_postgres.la
PRELOAD_PLUGIN_FILES += %D%/lint_postgres.la

check_PROGRAMS += tests/unit/test_lint_postgres
TESTS += tests/unit/test_lint_postgres
tests_unit_test_lint_postgres_SOURCES = tests/unit/test_lint_postgres.c \
	tests/unit/lint_harness.h \
	%D%/plugin.c %D%/tree.c %D%/rules.c \
	plugins/lint_common/names.c plugins/lint_common/report.c
tests_unit_test_lint_postgres_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/tests $(PGQUERY_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_lint_postgres_LDADD = $(PGQUERY_LIBS) $(JANSSON_LIBS)
tests_unit_test_lint_postgres_CFLAGS = $(AM_CFLAGS) \
	-Wno-missing-field-initializers
endif
