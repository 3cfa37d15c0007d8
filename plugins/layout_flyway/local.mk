# The flyway layout: a libtool module, installed in pkglibdir and loaded when
# a folder is read (preloaded with --enable-static-plugins).
pkglib_LTLIBRARIES += %D%/layout_flyway.la
plugins_layout_flyway_layout_flyway_la_SOURCES = %D%/flyway.c
plugins_layout_flyway_layout_flyway_la_CPPFLAGS = $(LAYOUT_PLUGIN_CPPFLAGS)
plugins_layout_flyway_layout_flyway_la_LIBADD = $(LAYOUT_PLUGIN_LIBADD)
plugins_layout_flyway_layout_flyway_la_LDFLAGS = $(LAYOUT_PLUGIN_LDFLAGS)
PRELOAD_PLUGINS += -dlpreopen %D%/layout_flyway.la
PRELOAD_PLUGIN_FILES += %D%/layout_flyway.la
