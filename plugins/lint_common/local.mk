# What the lint rule sets share: a token scan of one statement and a list
# of names.  A convenience library linked into each plugin module.
noinst_LTLIBRARIES += %D%/liblintcommon.la
plugins_lint_common_liblintcommon_la_SOURCES = \
	%D%/tokens.c %D%/tokens.h \
	%D%/names.c %D%/names.h
