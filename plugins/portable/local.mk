# The portable-migration parser: a plugin of its own (kind
# STRATA_PLUGIN_PORTABLE), because it links libpg_query, which neither
# libstrata nor the strata command may link.  Installed in pkglibdir and
# preloaded like the drivers.
if WITH_PORTABLE
PORTABLE_PARSER_SOURCES = \
	%D%/portable.h \
	%D%/plugin.c \
	%D%/json.c \
	%D%/parse_table.c \
	%D%/parse_alter.c \
	%D%/parse_data.c \
	%D%/parse_type.c \
	%D%/parse_expr.c
PORTABLE_PARSER_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) $(PGQUERY_CFLAGS)
pkglib_LTLIBRARIES += %D%/portable_parser.la
plugins_portable_portable_parser_la_SOURCES = $(PORTABLE_PARSER_SOURCES)
plugins_portable_portable_parser_la_CPPFLAGS = $(PORTABLE_PARSER_CPPFLAGS)
plugins_portable_portable_parser_la_LIBADD = $(JANSSON_LIBS) $(PGQUERY_LIBS)
plugins_portable_portable_parser_la_LDFLAGS = $(PLUGIN_LDFLAGS)
PRELOAD_PLUGINS += -dlpreopen %D%/portable_parser.la
PRELOAD_PLUGIN_FILES += %D%/portable_parser.la

# Its unit test links the parser's sources and the core (for the host
# services): every accepted statement, every refusal and where it points.
check_PROGRAMS += tests/unit/test_portable_parse
TESTS += tests/unit/test_portable_parse
tests_unit_test_portable_parse_SOURCES = tests/unit/test_portable_parse.c \
	$(PORTABLE_PARSER_SOURCES)
tests_unit_test_portable_parse_CPPFLAGS = $(TEST_UNIT_INCLUDES) \
	-I$(top_srcdir)/%D% $(JANSSON_CFLAGS) $(PGQUERY_CFLAGS)
tests_unit_test_portable_parse_LDADD = $(TEST_UNIT_LIBS) $(JANSSON_LIBS) \
	$(PGQUERY_LIBS)
endif
