# Every test speaks TAP; automake's tap-driver.sh counts each test point.
# C test programs have no extension; shell tests end in .sh.
TEST_EXTENSIONS = .sh
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
SH_LOG_DRIVER = $(LOG_DRIVER)
SH_LOG_COMPILER = $(SHELL)

# What the tests need to find: the built command, the sources, the state
# folder of the throwaway servers, and which drivers this tree built.
AM_TESTS_ENVIRONMENT = \
	STRATA='$(abs_top_builddir)/cli/strata'; \
	STRATA_SRCDIR='$(abs_top_srcdir)'; \
	STRATA_BUILDDIR='$(abs_top_builddir)'; \
	STRATA_TEST_STATE='$(abs_top_builddir)/tests/run'; \
	STRATA_DRIVERS='$(BUILT_DRIVERS)'; \
	STRATA_STATIC_PLUGINS='$(STRATA_STATIC_PLUGINS)'; \
	STRATA_SHARED='$(STRATA_SHARED)'; \
	export STRATA STRATA_SRCDIR STRATA_BUILDDIR STRATA_TEST_STATE STRATA_DRIVERS \
	  STRATA_STATIC_PLUGINS STRATA_SHARED;

EXTRA_DIST += %D%/tap.h %D%/integration/lib.sh

# Unit tests link the core statically from its convenience library.
TEST_UNIT_LIBS = core/libstrata-core.la
TEST_UNIT_INCLUDES = $(AM_CPPFLAGS) -I$(top_srcdir)/core -I$(top_srcdir)/tests

include %D%/unit/local.mk
include %D%/integration/local.mk
include %D%/embed/local.mk
include %D%/servers/local.mk

clean-local: clean-test-state
clean-test-state:
	-rm -rf tests/run
.PHONY: clean-test-state

# stop.sh is listed last, after every fragment has added its tests.
TESTS += tests/servers/stop.sh
SERVER_LOGS = tests/servers/start.log tests/servers/stop.log
$(filter-out $(SERVER_LOGS),$(TEST_LOGS)): tests/servers/start.log
tests/servers/stop.log: $(filter-out tests/servers/stop.log,$(TEST_LOGS))
