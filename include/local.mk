pkginclude_HEADERS += \
	%D%/strata/strata.h \
	%D%/strata/error.h \
	%D%/strata/plugin.h \
	%D%/strata/driver.h \
	%D%/strata/schema.h \
	%D%/strata/layout.h \
	%D%/strata/lint.h \
	%D%/strata/ops.h
