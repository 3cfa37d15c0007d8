# The dbmate layout: a libtool module, installed in pkglibdir and loaded when
# a folder is read (preloaded with --enable-static-plugins).
pkglib_LTLIBRARIES += %D%/layout_dbmate.la
plugins_layout_dbmate_layout_dbmate_la_SOURCES = %D%/dbmate.c
plugins_layout_dbmate_layout_dbmate_la_CPPFLAGS = $(LAYOUT_PLUGIN_CPPFLAGS)
plugins_layout_dbmate_layout_dbmate_la_LIBADD = $(LAYOUT_PLUGIN_LIBADD)
plugins_layout_dbmate_layout_dbmate_la_LDFLAGS = $(LAYOUT_PLUGIN_LDFLAGS)
PRELOAD_PLUGINS += -dlpreopen %D%/layout_dbmate.la
PRELOAD_PLUGIN_FILES += %D%/layout_dbmate.la
