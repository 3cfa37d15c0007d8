# The MySQL/MariaDB driver: a libtool module linked with the client library
# configure found (libmysqlclient or MariaDB Connector/C), installed in
# pkglibdir and preloaded into the strata command and the test programs.
if WITH_MYSQL
MYSQL_SPLIT_SOURCES = \
	%D%/split.h \
	%D%/lexer.c \
	%D%/split.c \
	%D%/position.c
MYSQL_DRIVER_SOURCES = $(MYSQL_SPLIT_SOURCES) \
	%D%/mysqldrv.h \
	%D%/driver.c \
	%D%/conn.c \
	%D%/identity.c \
	%D%/error.c \
	%D%/exec.c \
	%D%/lock.c \
	%D%/lock_wait.c \
	%D%/lease.c \
	%D%/database.c \
	%D%/introspect.c \
	%D%/introspect_tables.c \
	%D%/introspect_columns.c \
	%D%/introspect_defaults.c \
	%D%/introspect_keys.c \
	%D%/introspect_views.c \
	%D%/introspect_routines.c \
	%D%/introspect_exact.c \
	%D%/introspect_exact_tables.c \
	%D%/introspect_settings.c \
	%D%/render.c \
	%D%/render_table.c \
	%D%/render_ops.c \
	%D%/neutral.c \
	%D%/portable_expr.c \
	%D%/render_text.c \
	%D%/read_rows.c \
	%D%/port.h \
	%D%/port_types.c \
	%D%/port_expr.c \
	%D%/render_port.c \
	%D%/render_port_same.c \
	%D%/load_same.c \
	%D%/load.h \
	%D%/load.c \
	%D%/load_data.c \
	%D%/digest.c \
	$(COMMON_DRIVER_SOURCES)
pkglib_LTLIBRARIES += %D%/driver_mysql.la
drivers_mysql_driver_mysql_la_SOURCES = $(MYSQL_DRIVER_SOURCES)
MYSQL_COMMON_CPPFLAGS = $(COMMON_DRIVER_CPPFLAGS) \
	-DSTRATA_COMMON_PREFIX=mysqldrv
drivers_mysql_driver_mysql_la_CPPFLAGS = $(AM_CPPFLAGS) $(MYSQL_CFLAGS) \
	$(MYSQL_COMMON_CPPFLAGS)
drivers_mysql_driver_mysql_la_LIBADD = $(MYSQL_LIBS)
drivers_mysql_driver_mysql_la_LDFLAGS = -module -avoid-version -no-undefined \
	-export-symbols-regex '_LTX_strata_plugin_entry$$'
PRELOAD_PLUGINS += -dlpreopen %D%/driver_mysql.la
PRELOAD_PLUGIN_FILES += %D%/driver_mysql.la
BUILT_DRIVERS += mysql

# The splitter's unit test links the lexical sources alone: no server, no
# client library.
check_PROGRAMS += tests/unit/test_mysql_split
TESTS += tests/unit/test_mysql_split
tests_unit_test_mysql_split_SOURCES = tests/unit/test_mysql_split.c \
	$(MYSQL_SPLIT_SOURCES)
tests_unit_test_mysql_split_CPPFLAGS = $(TEST_UNIT_INCLUDES) -I$(top_srcdir)/%D%

# So do the rules that put its models in portable terms (diff --neutral).
check_PROGRAMS += tests/unit/test_neutral_mysql
TESTS += tests/unit/test_neutral_mysql
tests_unit_test_neutral_mysql_SOURCES = tests/unit/test_neutral_mysql.c \
	tests/unit/neutral_harness.h %D%/mysqldrv.h %D%/neutral.c \
	drivers/common/text.c
tests_unit_test_neutral_mysql_CPPFLAGS = $(TEST_UNIT_INCLUDES) \
	-I$(top_srcdir)/%D% $(MYSQL_COMMON_CPPFLAGS) $(MYSQL_CFLAGS)
tests_unit_test_neutral_mysql_LDADD = $(TEST_UNIT_LIBS)

# So does the reading of its expressions as portable text (a port's).
check_PROGRAMS += tests/unit/test_portable_expr_mysql
TESTS += tests/unit/test_portable_expr_mysql
tests_unit_test_portable_expr_mysql_SOURCES = \
	tests/unit/test_portable_expr_mysql.c tests/unit/neutral_harness.h \
	%D%/mysqldrv.h %D%/portable_expr.c drivers/common/expr_read.c
tests_unit_test_portable_expr_mysql_CPPFLAGS = $(TEST_UNIT_INCLUDES) \
	-I$(top_srcdir)/%D% $(MYSQL_COMMON_CPPFLAGS) $(MYSQL_CFLAGS)
tests_unit_test_portable_expr_mysql_LDADD = $(TEST_UNIT_LIBS)

# Integration tests against the throwaway MariaDB of tests/servers; they
# share mysql_lib.sh.
MYSQL_INTEGRATION_TESTS = \
	tests/integration/mysql_up_down.sh \
	tests/integration/mysql_programs.sh \
	tests/integration/mysql_partial.sh \
	tests/integration/mysql_transaction.sh \
	tests/integration/mysql_concurrent.sh \
	tests/integration/mysql_kill.sh \
	tests/integration/mysql_errors.sh \
	tests/integration/mysql_client_options.sh \
	tests/integration/mysql_dump.sh
TESTS += $(MYSQL_INTEGRATION_TESTS)
EXTRA_DIST += $(MYSQL_INTEGRATION_TESTS) tests/integration/mysql_lib.sh \
	tests/integration/fixtures/mysql_schema_tables.sql \
	tests/integration/fixtures/mysql_schema_objects.sql
endif
