# What the drivers share that knows no engine (common.h).  It is no
# library of its own: each driver compiles these sources into its module
# with STRATA_COMMON_PREFIX set to its own symbol prefix, so that the
# copies keep apart when the drivers are linked into one program.  SQLite,
# which needs no lock of a server, takes the port's part alone.
COMMON_PORT_SOURCES = \
	%D%/common.h \
	%D%/expr_read.c \
	%D%/expr_write.c \
	%D%/port.c
COMMON_DRIVER_SOURCES = $(COMMON_PORT_SOURCES) \
	%D%/lock.c \
	%D%/lease.c \
	%D%/text.c
COMMON_DRIVER_CPPFLAGS = -I$(top_srcdir)/%D%
