# The goose layout: a libtool module, installed in pkglibdir and loaded when
# a folder is read (preloaded with --enable-static-plugins).
pkglib_LTLIBRARIES += %D%/layout_goose.la
plugins_layout_goose_layout_goose_la_SOURCES = %D%/goose.c
plugins_layout_goose_layout_goose_la_CPPFLAGS = $(LAYOUT_PLUGIN_CPPFLAGS)
plugins_layout_goose_layout_goose_la_LIBADD = $(LAYOUT_PLUGIN_LIBADD)
plugins_layout_goose_layout_goose_la_LDFLAGS = $(LAYOUT_PLUGIN_LDFLAGS)
PRELOAD_PLUGINS += -dlpreopen %D%/layout_goose.la
PRELOAD_PLUGIN_FILES += %D%/layout_goose.la
