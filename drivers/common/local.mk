# What the server drivers share that knows no engine (common.h).  It is no
# library of its own: each driver compiles these sources into its module
# with STRATA_COMMON_PREFIX set to its own symbol prefix, so that the
# copies keep apart when the drivers are linked into one program.
COMMON_DRIVER_SOURCES = \
	%D%/common.h \
	%D%/lock.c \
	%D%/lease.c \
	%D%/text.c
COMMON_DRIVER_CPPFLAGS = -I$(top_srcdir)/%D%
