// `kittylog completion bash`: see completion_scripts.h. The script needs bash 4 and nothing
// else (not the bash-completion package, though it is loaded by it from its directory).
#include <fmt/format.h>

#include "base/version.h"
#include "cli/completion/completion_scripts.h"

namespace kittylog::cli {
namespace {

using completion::ShellWord;

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : " ") + word;
  return out;
}

// "@dir", "@file" or the word list a value hint completes to ("" for free text).
std::string BashHintWords(const ValueHint& hint) {
  switch (hint.kind) {
    case ValueHint::Kind::kFreeText: return "";
    case ValueHint::Kind::kDirectory: return "@dir";
    case ValueHint::Kind::kFile: return "@file";
    case ValueHint::Kind::kChoices: return Join(hint.choices);
  }
  return "";
}

// The case arms of _kittylog_values: options with a hint, then positionals by index ("#0").
std::string ValueArms(const CommandNode& root) {
  std::string arms;
  for (const CommandNode* command : Flatten(root)) {
    for (const OptionNode* option : completion::OwnOptions(root, *command)) {
      std::string words = BashHintWords(option->hint);
      if (words.empty()) continue;
      for (const std::string& name : option->names) {
        arms += fmt::format("    {}) REPLY={} ;;\n", ShellWord(command->path + "|" + name), ShellWord(words));
      }
    }
    for (size_t i = 0; i < command->positionals.size(); ++i) {
      const OptionNode& positional = command->positionals[i];
      std::string words = BashHintWords(positional.hint);
      if (words.empty()) continue;
      // A positional taking every remaining word answers for every index from its own on.
      std::string key = ShellWord(fmt::format("{}|#{}", command->path, i));
      if (positional.repeats) key = ShellWord(fmt::format("{}|#", command->path)) + "*";
      arms += fmt::format("    {}) REPLY={} ;;\n", key, ShellWord(words));
    }
  }
  return arms;
}

constexpr std::string_view kBashMain = R"BASH(
# The command path ("wp move") and positional count of the words before the cursor, then what
# fits at the cursor: an option's value, an option, a subcommand, or a positional's value.
_kittylog() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} kpath='' word option='' REPLY
  local -i i skip=0 positional=0
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    if ((skip > 0)); then skip=skip-1; continue; fi
    case $word in
      -*=*) continue ;;
      -*)
        if _kittylog_takes_value "$kpath" "$word" || _kittylog_takes_value '' "$word"; then
          skip=1
          # COMP_WORDBREAKS splits --to=doing into "--to" "=" "doing".
          [[ ${COMP_WORDS[i+1]-} == = ]] && skip=2
        fi
        continue ;;
    esac
    if ((positional == 0)); then
      _kittylog_commands "$kpath"
      if [[ " $REPLY " == *" $word "* ]]; then kpath=${kpath:+$kpath }$word; continue; fi
    fi
    positional=positional+1
  done
  local prefix=''
  if [[ $cur == -*=* ]]; then
    # One word when COMP_WORDBREAKS has no '=': complete after it and keep the prefix.
    option=${cur%%=*} prefix=${cur%%=*}= cur=${cur#*=}
  elif [[ $cur == = && $prev == -* ]]; then
    option=$prev cur=''
  elif [[ $prev == = ]] && ((COMP_CWORD >= 2)); then
    option=${COMP_WORDS[COMP_CWORD-2]}
  elif ((skip > 0)); then
    option=$prev
  fi
  if [[ -n $option ]]; then
    _kittylog_values "$kpath" "$option"
    [[ -z $REPLY ]] && _kittylog_values '' "$option"
    _kittylog_reply "$REPLY"
    [[ -n $prefix ]] && COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
    return
  fi
  if [[ $cur == -* ]]; then
    _kittylog_options "$kpath"
    local words=$REPLY
    _kittylog_options ''
    [[ -n $kpath ]] && words="$words $REPLY"
    _kittylog_reply "$words"
    return
  fi
  if ((positional == 0)); then
    _kittylog_commands "$kpath"
    if [[ -n $REPLY ]]; then _kittylog_reply "$REPLY"; return; fi
  fi
  _kittylog_values "$kpath" "#$positional"
  _kittylog_reply "$REPLY"
}

# COMPREPLY from a word list, or directories (@dir) or files (@file) matching $cur.
_kittylog_reply() {
  case $1 in
    @dir) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
    @file) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
    *) mapfile -t COMPREPLY < <(compgen -W "$1" -- "$cur") ;;
  esac
}

complete -F _kittylog kittylog
)BASH";

}  // namespace

std::string BashCompletion(const CommandNode& root) {
  std::string commands, options;
  for (const CommandNode* command : Flatten(root)) {
    std::vector<std::string> names;
    for (const CommandNode& sub : command->subcommands) names.push_back(sub.name);
    if (!names.empty()) commands += fmt::format("    {}) REPLY={} ;;\n", ShellWord(command->path), ShellWord(Join(names)));
    std::vector<std::string> flags;
    for (const OptionNode* option : completion::OwnOptions(root, *command)) {
      flags.insert(flags.end(), option->names.begin(), option->names.end());
    }
    if (!flags.empty()) options += fmt::format("    {}) REPLY={} ;;\n", ShellWord(command->path), ShellWord(Join(flags)));
  }

  std::string script = fmt::format(
      "# bash completion for kittylog                                    -*- shell-script -*-\n"
      "# Generated by `kittylog completion bash` ({}) from its command tree; do not edit.\n"
      "# Use: source it (e.g. from ~/.bashrc: source <(kittylog completion bash)), or install it as\n"
      "# $(pkg-config --variable=completionsdir bash-completion)/kittylog.\n\n",
      VersionLine("kittylog"));
  script += "# REPLY: the subcommands of command path $1.\n_kittylog_commands() {\n  case $1 in\n" + commands +
            "    *) REPLY='' ;;\n  esac\n}\n\n";
  script += "# REPLY: the options of command path $1 (path '' holds the global ones).\n_kittylog_options() {\n"
            "  case $1 in\n" + options + "    *) REPLY='' ;;\n  esac\n}\n\n";
  script += completion::TakesValueFunction(root);
  script += "# REPLY: the values of option $2 (or positional #N) of command path $1: words, @dir, @file,\n"
            "# or '' for free text.\n_kittylog_values() {\n  case \"$1|$2\" in\n" + ValueArms(root) +
            "    *) REPLY='' ;;\n  esac\n}\n";
  script += kBashMain;
  return script;
}

}  // namespace kittylog::cli
