# What the lint rule sets share: a token scan of one statement, a list of
# names and the data-loss findings.  A convenience library linked into
# each plugin module.
noinst_LTLIBRARIES += %D%/liblintcommon.la
plugins_lint_common_liblintcommon_la_SOURCES = \
	%D%/tokens.c %D%/tokens.h \
	%D%/names.c %D%/names.h \
	%D%/report.c %D%/report.h
