# The SQLite driver: a libtool module, installed in pkglibdir and preloaded
# into the strata command and the test programs.
if WITH_SQLITE
SQLITE_DRIVER_SOURCES = \
	%D%/sqlite.h \
	%D%/driver.c \
	%D%/target.c \
	%D%/conn.c \
	%D%/identity.c \
	%D%/exec.c \
	%D%/error.c \
	%D%/lock_holder.c \
	%D%/file.c \
	%D%/split.c \
	%D%/introspect.c \
	%D%/introspect_sql.c \
	%D%/introspect_table.c \
	%D%/introspect_index.c \
	%D%/introspect_fk.c \
	%D%/introspect_object.c \
	%D%/introspect_type.c \
	%D%/render.c \
	%D%/render_table.c \
	%D%/port.h \
	%D%/render_port.c \
	%D%/port_expr.c \
	%D%/port_form.c \
	%D%/read_rows.c \
	%D%/load.c \
	%D%/sqlite_ops.h \
	%D%/render_ops.c \
	%D%/neutral.c \
	%D%/portable_expr.c \
	%D%/render_rebuild.c \
	%D%/guard.c \
	$(COMMON_PORT_SOURCES)
SQLITE_COMMON_CPPFLAGS = $(COMMON_DRIVER_CPPFLAGS) \
	-DSTRATA_COMMON_PREFIX=sqlite
pkglib_LTLIBRARIES += %D%/driver_sqlite.la
drivers_sqlite_driver_sqlite_la_SOURCES = $(SQLITE_DRIVER_SOURCES)
drivers_sqlite_driver_sqlite_la_CPPFLAGS = $(AM_CPPFLAGS) $(SQLITE_CFLAGS) \
	$(SQLITE_COMMON_CPPFLAGS)
drivers_sqlite_driver_sqlite_la_LIBADD = $(SQLITE_LIBS)
drivers_sqlite_driver_sqlite_la_LDFLAGS = -module -avoid-version -no-undefined \
	-export-symbols-regex '_LTX_strata_plugin_entry$$'
PRELOAD_PLUGINS += -dlpreopen %D%/driver_sqlite.la
PRELOAD_PLUGIN_FILES += %D%/driver_sqlite.la
BUILT_DRIVERS += sqlite

# Its unit tests link the driver's sources directly: they need no core.
SQLITE_TEST_CPPFLAGS = $(TEST_UNIT_INCLUDES) -I$(top_srcdir)/%D% \
	$(SQLITE_CFLAGS) $(SQLITE_COMMON_CPPFLAGS)
check_PROGRAMS += tests/unit/test_sqlite_split tests/unit/test_sqlite_driver
TESTS += tests/unit/test_sqlite_split tests/unit/test_sqlite_driver
tests_unit_test_sqlite_split_SOURCES = tests/unit/test_sqlite_split.c \
	$(SQLITE_DRIVER_SOURCES)
tests_unit_test_sqlite_split_CPPFLAGS = $(SQLITE_TEST_CPPFLAGS)
tests_unit_test_sqlite_split_LDADD = $(SQLITE_LIBS)
check_PROGRAMS += tests/unit/test_portable_expr_sqlite
TESTS += tests/unit/test_portable_expr_sqlite
tests_unit_test_portable_expr_sqlite_SOURCES = \
	tests/unit/test_portable_expr_sqlite.c tests/unit/neutral_harness.h \
	%D%/port.h %D%/portable_expr.c %D%/port_form.c \
	drivers/common/expr_read.c drivers/common/port.c
# Its port.h before the core's.
tests_unit_test_portable_expr_sqlite_CPPFLAGS = -I$(top_srcdir)/%D% \
	$(SQLITE_TEST_CPPFLAGS)
tests_unit_test_portable_expr_sqlite_LDADD = $(TEST_UNIT_LIBS)
tests_unit_test_sqlite_driver_SOURCES = tests/unit/test_sqlite_driver.c \
	$(SQLITE_DRIVER_SOURCES)
tests_unit_test_sqlite_driver_CPPFLAGS = $(SQLITE_TEST_CPPFLAGS)
tests_unit_test_sqlite_driver_LDADD = $(SQLITE_LIBS)
# The core's script_vet() against its prepare and check, on this driver's
# splitting.
check_PROGRAMS += tests/unit/test_script_vet
TESTS += tests/unit/test_script_vet
tests_unit_test_script_vet_SOURCES = tests/unit/test_script_vet.c \
	$(SQLITE_DRIVER_SOURCES)
tests_unit_test_script_vet_CPPFLAGS = $(SQLITE_TEST_CPPFLAGS)
tests_unit_test_script_vet_LDADD = $(TEST_UNIT_LIBS) $(SQLITE_LIBS)
endif

# Introspection and dump of a schema rich in what SQLite can declare; like
# the other integration tests it skips itself without the driver.
SQLITE_SCHEMA = tests/integration/sqlite_dump.sh
TESTS += $(SQLITE_SCHEMA)
EXTRA_DIST += $(SQLITE_SCHEMA)
