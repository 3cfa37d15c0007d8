# An embedding program: links the installed-style libstrata and the
# preloaded drivers, and uses only strata.h.
check_PROGRAMS += tests/embed/test_embed
TESTS += tests/embed/test_embed
tests_embed_test_embed_SOURCES = %D%/test_embed.c
tests_embed_test_embed_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
tests_embed_test_embed_LDADD = core/libstrata.la $(PRELOAD_PLUGINS)
tests_embed_test_embed_LDFLAGS = -static
EXTRA_tests_embed_test_embed_DEPENDENCIES = $(PRELOAD_PLUGIN_FILES)
