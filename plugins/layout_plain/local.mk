# The plain layout: a libtool module, installed in pkglibdir and loaded when
# a folder is read (preloaded with --enable-static-plugins).
pkglib_LTLIBRARIES += %D%/layout_plain.la
plugins_layout_plain_layout_plain_la_SOURCES = %D%/plain.c
plugins_layout_plain_layout_plain_la_CPPFLAGS = $(LAYOUT_PLUGIN_CPPFLAGS)
plugins_layout_plain_layout_plain_la_LIBADD = $(LAYOUT_PLUGIN_LIBADD)
plugins_layout_plain_layout_plain_la_LDFLAGS = $(LAYOUT_PLUGIN_LDFLAGS)
PRELOAD_PLUGINS += -dlpreopen %D%/layout_plain.la
PRELOAD_PLUGIN_FILES += %D%/layout_plain.la
