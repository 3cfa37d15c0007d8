#!/bin/sh
# strata completion bash|zsh: scripts written from the option tables the
# command line is parsed with, which complete commands and each command's
# options.
. "$STRATA_SRCDIR/tests/integration/lib.sh"
scratch_dir

run_strata completion bash
is "$rc" 0 "completion bash succeeds"
printf '%s\n' "$out" >strata.bash
bash -n strata.bash
ok $? "bash reads the script"

# complete WORD...: what the bash script offers for the last word.
complete_bash() {
  bash -c '. ./strata.bash; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _strata
    printf "%s\n" "${COMPREPLY[@]}"' strata "$@" | sort | xargs echo
}
is "$(complete_bash strata st)" "status" "a command word is completed"
is "$(complete_bash strata -u sqlite:a.db up --d)" "--dir --dry-run --dump" \
  "up's options and the globals, after an option's value"
is "$(complete_bash strata status --e)" "--exit-code" "status has --exit-code"
is "$(complete_bash strata new --e)" "" "new has no --exit-code"
is "$(complete_bash strata port --from x --emit)" "--emit-migration" \
  "port's options"

# Every option the parser knows is in the script: --help lists them.
missing=""
for o in $("$STRATA" help port | grep -o -- '--[a-z-]*' | sort -u); do
  case "$out" in *" $o"*) ;; *) missing="$missing $o" ;; esac
done
is "$missing" "" "every option port's help names is offered"

run_strata completion zsh
is "$rc" 0 "completion zsh succeeds"
printf '%s\n' "$out" >_strata
like "$(head -n 1 _strata)" "^#compdef strata$" "the zsh script declares what it completes"
like "$out" "'drivers:list the database drivers" "with each command and its summary"
if command -v zsh >/dev/null 2>&1; then
  zsh -n _strata
  ok $? "zsh reads the script"
else
  skip "no zsh to read the script"
fi

run_strata completion fish
is "$rc" 2 "another shell is a usage error"
like "$err" "bash.*zsh" "naming the shells it knows"

done_testing
