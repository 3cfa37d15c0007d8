/*
 * cmd_completion.c - `strata completion bash|zsh`: a completion script for
 * the shell, written from the tables the command line is parsed with (the
 * commands, and each option with the commands that take it), so it cannot
 * fall behind them.  `make install` installs both scripts.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct writer {
  FILE *out;
  unsigned flags; /* the command's options; ~0u: the globals only */
  int zsh;
};

static int wanted(const struct writer *w, const struct option_info *o) {
  return w->flags == ~0u ? o->flag == 0 : (o->flag & w->flags) != 0;
}

/* bash: the option words, and separately those that take a value next. */
static void bash_word(void *ctx, const struct option_info *o) {
  const struct writer *w = ctx;

  if (!wanted(w, o))
    return;
  fprintf(w->out, " --%s", o->name);
  if (o->letter)
    fprintf(w->out, " -%c", o->letter);
}

static void bash_valued(void *ctx, const struct option_info *o) {
  const struct writer *w = ctx;

  if (o->has_arg != 1)
    return;
  fprintf(w->out, "|--%s", o->name);
  if (o->letter)
    fprintf(w->out, "|-%c", o->letter);
}

/* The command is the first word that is neither an option nor the value
 * of one. */
static int write_bash(FILE *out) {
  struct writer w = {out, ~0u, 0};

  fprintf(out, "# bash completion for strata; written by "
               "'strata completion bash'\n"
               "_strata() {\n"
               "  local cur=${COMP_WORDS[COMP_CWORD]} cmd= w i opts\n"
               "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
               "    w=${COMP_WORDS[i]}\n"
               "    case $w in\n"
               "      --");
  options_each(bash_valued, &w);
  fprintf(out, ") i=$((i + 1)) ;;\n"
               "      -*) ;;\n"
               "      *) cmd=$w; break ;;\n"
               "    esac\n"
               "  done\n");
  fprintf(out, "  opts=\"");
  options_each(bash_word, &w);
  fprintf(out, "\"\n  case $cmd in\n");
  for (const struct command *const *c = cli_commands; *c; c++) {
    w.flags = (*c)->options;
    fprintf(out, "    %s) opts=\"$opts", (*c)->name);
    if (w.flags)
      options_each(bash_word, &w);
    fprintf(out, "\" ;;\n");
  }
  fprintf(out, "  esac\n"
               "  if [[ $cur == -* ]]; then\n"
               "    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
               "  elif [[ -z $cmd ]]; then\n"
               "    COMPREPLY=($(compgen -W \"");
  for (const struct command *const *c = cli_commands; *c; c++)
    fprintf(out, "%s%s", c == cli_commands ? "" : " ", (*c)->name);
  fprintf(out, "\" -- \"$cur\"))\n"
               "  fi\n"
               "}\n"
               "complete -o default -F _strata strata\n");
  return 0;
}

/* zsh: one _arguments spec for each option the writer wants. */
static void zsh_spec(void *ctx, const struct option_info *o) {
  const struct writer *w = ctx;
  static const char *const value[] = {"", "=:value:_files", "=-::value: "};

  if (!wanted(w, o))
    return;
  fprintf(w->out, " \\\n      '--%s%s'", o->name, value[o->has_arg]);
  if (o->letter)
    fprintf(w->out, " '-%c%s'", o->letter, o->has_arg == 1 ? ":value:_files" : "");
}

/* A summary quoted for a zsh single-quoted string, ':' escaped. */
static void zsh_description(FILE *out, const char *text) {
  for (; *text; text++) {
    if (*text == '\'')
      fputs("'\\''", out);
    else if (*text == ':')
      fputs("\\:", out);
    else
      fputc(*text, out);
  }
}

static int write_zsh(FILE *out) {
  struct writer w = {out, ~0u, 1};

  fprintf(out, "#compdef strata\n"
               "# zsh completion for strata; written by "
               "'strata completion zsh'\n"
               "_strata() {\n"
               "  local curcontext=$curcontext state line\n"
               "  local -a commands=(");
  for (const struct command *const *c = cli_commands; *c; c++) {
    fprintf(out, "\n    '%s:", (*c)->name);
    zsh_description(out, (*c)->summary);
    fprintf(out, "'");
  }
  fprintf(out, ")\n  local -a globals=(");
  options_each(zsh_spec, &w);
  fprintf(out, ")\n"
               "  _arguments -C $globals '1:command:->command' "
               "'*::arg:->args'\n"
               "  case $state in\n"
               "    command) _describe -t commands 'strata command' "
               "commands ;;\n"
               "    args)\n"
               "      case $line[1] in\n");
  for (const struct command *const *c = cli_commands; *c; c++) {
    w.flags = (*c)->options;
    fprintf(out, "        %s) _arguments $globals", (*c)->name);
    if (w.flags)
      options_each(zsh_spec, &w);
    fprintf(out, " '*:file:_files' ;;\n");
  }
  fprintf(out, "      esac ;;\n"
               "  esac\n"
               "}\n"
               "_strata \"$@\"\n");
  return 0;
}

static int run_completion(struct cli *cli) {
  const char *shell = cli->opt->args[0];

  if (strcmp(shell, "bash") == 0)
    return write_bash(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
  if (strcmp(shell, "zsh") == 0)
    return write_zsh(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
  return output_usage(&cli->out, "completion",
                      "strata completion knows 'bash' and 'zsh'");
}

const struct command command_completion = {
    .name = "completion",
    .synopsis = "bash|zsh",
    .summary = "print a completion script for bash or zsh",
    .help = "Prints the completion script for the shell named; `make install`\n"
            "installs both.  To use it in the running shell:\n"
            "  source <(strata completion bash)\n"
            "\n"
            "Exit status: 0 on success, 2 on a usage error.\n",
    .min_args = 1,
    .max_args = 1,
    .standalone = 1,
    .run = run_completion};
