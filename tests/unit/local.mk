# Unit tests of the core: versions and file names, checksums, URLs,
# configuration, migration sources and the schema model.  Each is a TAP
# program linked with the core's convenience library.
CORE_UNIT_TESTS = \
	%D%/test_version \
	%D%/test_checksum \
	%D%/test_url \
	%D%/test_config \
	%D%/test_source \
	%D%/test_model \
	%D%/test_model_neutral
check_PROGRAMS += $(CORE_UNIT_TESTS)
TESTS += $(CORE_UNIT_TESTS)

%C%_test_version_SOURCES = %D%/test_version.c
%C%_test_version_CPPFLAGS = $(TEST_UNIT_INCLUDES)
%C%_test_version_LDADD = $(TEST_UNIT_LIBS)

%C%_test_checksum_SOURCES = %D%/test_checksum.c
%C%_test_checksum_CPPFLAGS = $(TEST_UNIT_INCLUDES)
%C%_test_checksum_LDADD = $(TEST_UNIT_LIBS)

%C%_test_url_SOURCES = %D%/test_url.c
%C%_test_url_CPPFLAGS = $(TEST_UNIT_INCLUDES)
%C%_test_url_LDADD = $(TEST_UNIT_LIBS)

%C%_test_config_SOURCES = %D%/test_config.c
%C%_test_config_CPPFLAGS = $(TEST_UNIT_INCLUDES)
%C%_test_config_LDADD = $(TEST_UNIT_LIBS)

%C%_test_source_SOURCES = %D%/test_source.c plugins/layout_plain/plain.c \
	plugins/shared/text.c
%C%_test_source_CPPFLAGS = $(TEST_UNIT_INCLUDES) -I$(top_srcdir)/plugins/shared
%C%_test_source_LDADD = $(TEST_UNIT_LIBS)

%C%_test_model_SOURCES = %D%/test_model.c
%C%_test_model_CPPFLAGS = $(TEST_UNIT_INCLUDES)
%C%_test_model_LDADD = $(TEST_UNIT_LIBS)

%C%_test_model_neutral_SOURCES = %D%/test_model_neutral.c
%C%_test_model_neutral_CPPFLAGS = $(TEST_UNIT_INCLUDES)
%C%_test_model_neutral_LDADD = $(TEST_UNIT_LIBS)

# The plugin registry, on the drivers of this build tree; a build that
# links the drivers into the command links them into this test too, and
# like the command links them -static: libtool's table of preloaded
# symbols names every global symbol of a module's archive, which its
# shared object (exporting only its entry point) does not define.
check_PROGRAMS += %D%/test_loader
TESTS += %D%/test_loader
%C%_test_loader_SOURCES = %D%/test_loader.c
%C%_test_loader_CPPFLAGS = $(TEST_UNIT_INCLUDES) \
	$(if $(strip $(CLI_PRELOAD_PLUGIN_FILES)),-DSTRATA_HAVE_PRELOADED=1)
%C%_test_loader_CFLAGS = $(AM_CFLAGS) -pthread
%C%_test_loader_LDADD = $(TEST_UNIT_LIBS) $(CLI_PRELOAD_PLUGINS) -lpthread
%C%_test_loader_LDFLAGS = -static
EXTRA_%C%_test_loader_DEPENDENCIES = $(CLI_PRELOAD_PLUGIN_FILES)

# The layout plugins, their sources linked in: no core, no loader.
check_PROGRAMS += %D%/test_layouts
TESTS += %D%/test_layouts
%C%_test_layouts_SOURCES = %D%/test_layouts.c \
	plugins/layout_plain/plain.c plugins/layout_dbmate/dbmate.c \
	plugins/layout_goose/goose.c plugins/layout_flyway/flyway.c \
	plugins/layout_diesel/diesel.c plugins/shared/text.c
%C%_test_layouts_CPPFLAGS = $(TEST_UNIT_INCLUDES) -I$(top_srcdir)/plugins/shared

# The lint engine's settings and the placing and silencing of findings.
check_PROGRAMS += %D%/test_lint_core
TESTS += %D%/test_lint_core
%C%_test_lint_core_SOURCES = %D%/test_lint_core.c
%C%_test_lint_core_CPPFLAGS = $(TEST_UNIT_INCLUDES)
%C%_test_lint_core_LDADD = $(TEST_UNIT_LIBS)
