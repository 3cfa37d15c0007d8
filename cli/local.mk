# The strata command.  It links libstrata statically (-static links the
# uninstalled libtool library into the binary, so it starts fast and needs
# no wrapper script) and loads the drivers at run time, each only when a
# URL needs it, so the binary depends on no database client library.
# --enable-static-plugins links the built drivers in as libltdl preloaded
# modules instead.
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
	%D%/cmd_drivers.c \
	%D%/cmd_completion.c \
	%D%/cmd_adopt.c \
	%D%/cmd_baseline.c \
	%D%/cmd_lint.c \
	%D%/cmd_render.c
if STATIC_PLUGINS
CLI_PRELOAD_PLUGINS = $(PRELOAD_PLUGINS)
CLI_PRELOAD_PLUGIN_FILES = $(PRELOAD_PLUGIN_FILES)
else
CLI_PRELOAD_PLUGINS =
CLI_PRELOAD_PLUGIN_FILES =
endif
# libtool writes the table of preloaded symbols only when the link has at
# least one -dlpreopen; main() hands it to the loader only then.  The test
# is made by make itself when it compiles, so it follows whichever drivers
# configure enabled without a conditional per driver here.
cli_strata_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) \
	$(if $(strip $(CLI_PRELOAD_PLUGIN_FILES)),-DSTRATA_HAVE_PRELOADED=1)
cli_strata_LDADD = core/libstrata.la $(JANSSON_LIBS) $(CLI_PRELOAD_PLUGINS)
cli_strata_LDFLAGS = -static
EXTRA_cli_strata_DEPENDENCIES = $(CLI_PRELOAD_PLUGIN_FILES)

# Shell completion, written by the command itself from the tables it
# parses its command line with.
bashcompletiondir = $(datadir)/bash-completion/completions
zshcompletiondir = $(datadir)/zsh/site-functions
bashcompletion_DATA = %D%/completion/strata
zshcompletion_DATA = %D%/completion/_strata
CLEANFILES += $(bashcompletion_DATA) $(zshcompletion_DATA)
%D%/completion/strata: %D%/strata$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	%D%/strata$(EXEEXT) completion bash >$@.tmp && mv $@.tmp $@
%D%/completion/_strata: %D%/strata$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	%D%/strata$(EXEEXT) completion zsh >$@.tmp && mv $@.tmp $@
