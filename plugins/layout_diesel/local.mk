# The diesel layout: a libtool module, installed in pkglibdir and loaded when
# a folder is read (preloaded with --enable-static-plugins).
pkglib_LTLIBRARIES += %D%/layout_diesel.la
plugins_layout_diesel_layout_diesel_la_SOURCES = %D%/diesel.c
plugins_layout_diesel_layout_diesel_la_CPPFLAGS = $(LAYOUT_PLUGIN_CPPFLAGS)
plugins_layout_diesel_layout_diesel_la_LIBADD = $(LAYOUT_PLUGIN_LIBADD)
plugins_layout_diesel_layout_diesel_la_LDFLAGS = $(LAYOUT_PLUGIN_LDFLAGS)
PRELOAD_PLUGINS += -dlpreopen %D%/layout_diesel.la
PRELOAD_PLUGIN_FILES += %D%/layout_diesel.la
