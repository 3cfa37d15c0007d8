# libstrata.  The core is built once as a convenience library, which both the
# installed shared library and the unit tests link.
noinst_LTLIBRARIES += core/libstrata-core.la
core_libstrata_core_la_SOURCES = \
	%D%/util.c %D%/util.h \
	%D%/url.c %D%/url.h \
	%D%/same_database.c %D%/same_database.h \
	%D%/config.c %D%/config.h \
	%D%/version.c %D%/version.h \
	%D%/checksum.c %D%/checksum.h \
	%D%/source.c %D%/source.h \
	%D%/source_read.c %D%/source_read.h \
	%D%/source_folder.c \
	%D%/source_refusals.c %D%/source_refusals.h \
	%D%/layout.c %D%/layout.h \
	%D%/markers.c %D%/markers.h \
	%D%/loader.c %D%/loader.h \
	%D%/history.c %D%/history.h \
	%D%/plan.c %D%/plan.h \
	%D%/script.c %D%/script.h \
	%D%/run.c %D%/run.h \
	%D%/lock_wait.c %D%/lock_wait.h \
	%D%/unlock.c \
	%D%/session.h \
	%D%/status.c \
	%D%/repair.c \
	%D%/new.c \
	%D%/model.c %D%/model.h \
	%D%/model_sort.c \
	%D%/model_diff.c \
	%D%/model_neutral.c \
	%D%/neutral_expr.c \
	%D%/neutral.c \
	%D%/dump.c \
	%D%/verify.c %D%/verify.h \
	%D%/verify_scratch.c \
	%D%/verify_report.c \
	%D%/verify_engines.c \
	%D%/port.c %D%/port.h \
	%D%/port_copy.c \
	%D%/port_unloaded.c \
	%D%/port_ddl.c \
	%D%/port_state.c \
	%D%/port_digest.c \
	%D%/port_rejects.c \
	%D%/port_emit.c \
	%D%/port_expr.c \
	%D%/port_mapping.c \
	%D%/port_validate.c \
	%D%/strata.c \
	%D%/adopt.c %D%/adopt.h \
	%D%/baseline.c %D%/baseline.h \
	%D%/lint.c %D%/lint.h \
	%D%/lint_rules.c \
	%D%/lint_findings.c \
	%D%/lint_gate.c \
	%D%/portable.c %D%/portable.h \
	%D%/portable_model.c \
	%D%/portable_down.c \
	%D%/portable_run.c %D%/portable_run.h
core_libstrata_core_la_CPPFLAGS = $(AM_CPPFLAGS) \
	-DSTRATA_PKGLIBDIR='"$(pkglibdir)"' \
	$(INIH_CFLAGS) $(NETTLE_CFLAGS)
core_libstrata_core_la_CFLAGS = $(AM_CFLAGS) $(VISIBILITY_CFLAGS) -pthread
core_libstrata_core_la_LIBADD = $(LIBLTDL) $(INIH_LIBS) $(NETTLE_LIBS) \
	-lpthread

lib_LTLIBRARIES += core/libstrata.la
core_libstrata_la_SOURCES =
core_libstrata_la_LIBADD = core/libstrata-core.la
# The public API is strata_ and a letter; strata__ names are the core's own
# (hidden by VISIBILITY_CFLAGS too, where the compiler has it).
core_libstrata_la_LDFLAGS = -version-info 0:0:0 -no-undefined \
	-export-symbols-regex '^strata_[a-z]'
