# What the layout plugins share (lines, markers, names): a convenience
# library linked into each layout module, never loaded on its own.
noinst_LTLIBRARIES += %D%/libplugintext.la
plugins_shared_libplugintext_la_SOURCES = %D%/text.c %D%/text.h
LAYOUT_PLUGIN_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/%D%
LAYOUT_PLUGIN_LIBADD = %D%/libplugintext.la
LAYOUT_PLUGIN_LDFLAGS = $(PLUGIN_LDFLAGS)
