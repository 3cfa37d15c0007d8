# Integration tests: the real strata command against the throwaway server
# tests/servers/postgres.sh starts.  postgres_lib.sh is what they share.
POSTGRES_INTEGRATION_TESTS = \
	tests/integration/postgres_apply.sh \
	tests/integration/postgres_transactions.sh \
	tests/integration/postgres_errors.sh \
	tests/integration/postgres_concurrency.sh \
	tests/integration/postgres_kill.sh \
	tests/integration/postgres_database.sh \
	tests/integration/postgres_wait.sh \
	tests/integration/postgres_dump.sh
EXTRA_DIST += $(POSTGRES_INTEGRATION_TESTS) tests/integration/postgres_lib.sh \
	tests/integration/fixtures/postgres_schema_tables.sql \
	tests/integration/fixtures/postgres_schema_objects.sql

# The PostgreSQL driver: a libtool module, installed in pkglibdir and
# preloaded into the strata command and the test programs.  Its splitter
# reads scripts with libpg_query, the server's own lexer.
if WITH_POSTGRES
pkglib_LTLIBRARIES += %D%/driver_postgres.la
POSTGRES_COMMON_CPPFLAGS = $(COMMON_DRIVER_CPPFLAGS) \
	-DSTRATA_COMMON_PREFIX=postgres
drivers_postgres_driver_postgres_la_SOURCES = \
	%D%/postgres.h \
	%D%/driver.c \
	%D%/error.c \
	%D%/scan.c \
	%D%/split.c \
	%D%/conn.c \
	%D%/identity.c \
	%D%/exec.c \
	%D%/copy.c \
	%D%/lock.c \
	%D%/lock_wait.c \
	%D%/lease.c \
	%D%/database.c \
	%D%/introspect.c \
	%D%/introspect_tables.c \
	%D%/introspect_keys.c \
	%D%/introspect_objects.c \
	%D%/introspect_domains.c \
	%D%/port_domains.c \
	%D%/render.c \
	%D%/render_sql.c \
	%D%/render_routines.c \
	%D%/render_tables.c \
	%D%/read_rows.c \
	%D%/render_port.c \
	%D%/render_ops.c \
	%D%/deparsed.c \
	%D%/neutral.c \
	%D%/portable_expr.c \
	%D%/render_port_types.c \
	%D%/render_port_expr.c \
	%D%/render_port_objects.c \
	%D%/render_port_drop.c \
	%D%/load.h \
	%D%/load.c \
	%D%/load_values.c \
	%D%/load_canon.c \
	%D%/load_copy.c \
	%D%/load_reject.c \
	%D%/load_digest.c \
	$(COMMON_DRIVER_SOURCES)
drivers_postgres_driver_postgres_la_CPPFLAGS = $(AM_CPPFLAGS) \
	$(POSTGRES_COMMON_CPPFLAGS) $(PQ_CFLAGS) $(PGQUERY_CFLAGS)
drivers_postgres_driver_postgres_la_LIBADD = $(PQ_LIBS) $(PGQUERY_LIBS)
drivers_postgres_driver_postgres_la_LDFLAGS = -module -avoid-version \
	-no-undefined -export-symbols-regex '_LTX_strata_plugin_entry$$'
PRELOAD_PLUGINS += -dlpreopen %D%/driver_postgres.la
PRELOAD_PLUGIN_FILES += %D%/driver_postgres.la
BUILT_DRIVERS += postgres

# The splitter needs no server: its unit test links it directly.
check_PROGRAMS += tests/unit/test_postgres_split
TESTS += tests/unit/test_postgres_split
tests_unit_test_postgres_split_SOURCES = tests/unit/test_postgres_split.c \
	%D%/postgres.h %D%/split.c %D%/scan.c %D%/error.c
tests_unit_test_postgres_split_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/%D% \
	-I$(top_srcdir)/tests $(POSTGRES_COMMON_CPPFLAGS) $(PQ_CFLAGS) \
	$(PGQUERY_CFLAGS)
tests_unit_test_postgres_split_LDADD = $(PGQUERY_LIBS)

# So do the rules that put its models in portable terms (diff --neutral).
check_PROGRAMS += tests/unit/test_neutral_postgres
TESTS += tests/unit/test_neutral_postgres
tests_unit_test_neutral_postgres_SOURCES = tests/unit/test_neutral_postgres.c \
	tests/unit/neutral_harness.h %D%/postgres.h %D%/neutral.c %D%/deparsed.c \
	drivers/common/text.c
tests_unit_test_neutral_postgres_CPPFLAGS = $(TEST_UNIT_INCLUDES) \
	-I$(top_srcdir)/%D% $(POSTGRES_COMMON_CPPFLAGS) $(PQ_CFLAGS) \
	$(PGQUERY_CFLAGS)
tests_unit_test_neutral_postgres_LDADD = $(TEST_UNIT_LIBS)

# So does the reading of its expressions as portable text (a port's).
check_PROGRAMS += tests/unit/test_portable_expr_postgres
TESTS += tests/unit/test_portable_expr_postgres
tests_unit_test_portable_expr_postgres_SOURCES = \
	tests/unit/test_portable_expr_postgres.c tests/unit/neutral_harness.h \
	%D%/postgres.h %D%/portable_expr.c %D%/deparsed.c \
	drivers/common/expr_read.c
tests_unit_test_portable_expr_postgres_CPPFLAGS = $(TEST_UNIT_INCLUDES) \
	-I$(top_srcdir)/%D% $(POSTGRES_COMMON_CPPFLAGS) $(PQ_CFLAGS) \
	$(PGQUERY_CFLAGS)
tests_unit_test_portable_expr_postgres_LDADD = $(TEST_UNIT_LIBS)

# So do a port's value conversions and the canonical text --verify
# compares.
check_PROGRAMS += tests/unit/test_postgres_load_values
TESTS += tests/unit/test_postgres_load_values
tests_unit_test_postgres_load_values_SOURCES = \
	tests/unit/test_postgres_load_values.c %D%/load.h %D%/postgres.h \
	%D%/load_values.c %D%/load_canon.c
tests_unit_test_postgres_load_values_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/%D% -I$(top_srcdir)/tests $(POSTGRES_COMMON_CPPFLAGS) \
	$(PQ_CFLAGS)
TESTS += $(POSTGRES_INTEGRATION_TESTS)
endif
