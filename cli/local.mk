# The strata command.  It links libstrata statically (-static links the
# uninstalled libtool library into the binary, so it starts fast and needs
# no wrapper script) and the built drivers as libltdl preloaded modules.
bin_PROGRAMS += cli/strata
cli_strata_SOURCES = \
	%D%/main.c \
	%D%/cli.c %D%/cli.h \
	%D%/commands.c \
	%D%/help.c \
	%D%/options.c %D%/options.h \
	%D%/output.c %D%/output.h \
	%D%/progress.c %D%/progress.h \
	%D%/cmd_new.c \
	%D%/cmd_migrate.c \
	%D%/cmd_status.c \
	%D%/cmd_dump.c \
	%D%/cmd_diff.c \
	%D%/cmd_verify.c \
	%D%/schema_json.c %D%/schema_json.h \
	%D%/cmd_repair.c \
	%D%/cmd_unlock.c \
	%D%/cmd_database.c \
	%D%/cmd_port.c \
	%D%/port_progress.c %D%/port_progress.h \
	%D%/cmd_drivers.c
# libtool writes the table of preloaded symbols only when the link has at
# least one -dlpreopen; main() hands it to the loader only then.  The test
# is made by make itself when it compiles, so it follows whichever drivers
# configure enabled without a conditional per driver here.
cli_strata_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) \
	$(if $(strip $(PRELOAD_PLUGIN_FILES)),-DSTRATA_HAVE_PRELOADED=1)
cli_strata_LDADD = core/libstrata.la $(JANSSON_LIBS) $(PRELOAD_PLUGINS)
cli_strata_LDFLAGS = -static
EXTRA_cli_strata_DEPENDENCIES = $(PRELOAD_PLUGIN_FILES)
