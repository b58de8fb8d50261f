// `kittylog completion fish`: see completion_scripts.h. A file for fish's
// vendor_completions.d/kittylog.fish: one `complete` line per subcommand and option, each
// guarded by the command path typed so far (__kittylog_at), with descriptions.
#include <fmt/format.h>

#include "base/version.h"
#include "cli/completion/completion_scripts.h"

namespace kittylog::cli {
namespace {

// `text` in fish single quotes (\' and \\ are the only escapes there).
std::string FishWord(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

std::string Words(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : " ") + word;
  return out;
}

// The `complete` arguments for a value hint: -x (a value, no files) with its choices, -r -F
// (files), -x -a (directories), or -x alone (free text).
std::string ValueArguments(const ValueHint& hint) {
  switch (hint.kind) {
    case ValueHint::Kind::kFreeText: return " -x";
    case ValueHint::Kind::kDirectory: return " -x -a '(__fish_complete_directories)'";
    case ValueHint::Kind::kFile: return " -r -F";
    case ValueHint::Kind::kChoices: return " -x -a " + FishWord(Words(hint.choices));
  }
  return "";
}

constexpr std::string_view kWalk = R"FISH(
# The command path ("wp move") of the words before the cursor, and the number of positional
# words after it: options and their values are skipped, a word naming a subcommand extends
# the path.
function __kittylog_path
    set -l words (commandline -opc)
    set -e words[1]
    set -l kpath ''
    set -l skip 0
    set -l positional 0
    for word in $words
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $word
            case '-*=*'
                continue
            case '-*'
                if __kittylog_takes_value "$kpath" $word; or __kittylog_takes_value '' $word
                    set skip 1
                end
                continue
        end
        if test $positional -eq 0; and contains -- $word (__kittylog_commands "$kpath")
            if test -z "$kpath"
                set kpath $word
            else
                set kpath "$kpath $word"
            end
            continue
        end
        set positional (math $positional + 1)
    end
    printf '%s\n%s\n' "$kpath" $positional
end

# Whether the cursor is in command path $argv[1] (before any positional word when $argv[2] is
# "first", at positional N when it is a number).
function __kittylog_at
    set -l state (__kittylog_path)
    test "$state[1]" = "$argv[1]"; or return 1
    test (count $argv) -lt 2; and return 0
    test "$argv[2]" = first; and test "$state[2]" -eq 0; and return 0
    test "$argv[2]" = "$state[2]"
end

complete -c kittylog -f
)FISH";

}  // namespace

std::string FishCompletion(const CommandNode& root) {
  std::string commands, takes_value, lines;
  for (const CommandNode* command : Flatten(root)) {
    std::vector<std::string> names;
    for (const CommandNode& sub : command->subcommands) names.push_back(sub.name);
    if (!names.empty()) {
      commands += fmt::format("        case {}\n            printf '%s\\n' {}\n", FishWord(command->path), Words(names));
    }
    std::string at = command->path.empty() ? "" : fmt::format(" -n {}", FishWord("__kittylog_at '" + command->path + "'"));
    for (const CommandNode& sub : command->subcommands) {
      lines += fmt::format("complete -c kittylog -n {} -a {} -d {}\n",
                           FishWord("__kittylog_at '" + command->path + "' first"), sub.name,
                           FishWord(completion::Summary(sub.description)));
    }
    for (const OptionNode* option : completion::OwnOptions(root, *command)) {
      std::string line = "complete -c kittylog" + at;
      for (const std::string& name : option->names) {
        line += name.starts_with("--") ? " -l " + name.substr(2) : " -s " + name.substr(1);
      }
      if (option->takes_value) line += ValueArguments(option->hint);
      lines += line + " -d " + FishWord(completion::Summary(option->description)) + "\n";
    }
    for (size_t i = 0; i < command->positionals.size(); ++i) {
      const OptionNode& positional = command->positionals[i];
      if (positional.hint.kind == ValueHint::Kind::kFreeText) continue;
      std::string where = positional.repeats ? fmt::format("__kittylog_at '{}'", command->path)
                                             : fmt::format("__kittylog_at '{}' {}", command->path, i);
      std::string what = ValueArguments(positional.hint);
      if (what.starts_with(" -x")) what = what.substr(3);  // -x/-r belong to options
      if (what.starts_with(" -r")) what = what.substr(3);
      lines += fmt::format("complete -c kittylog -n {}{} -d {}\n", FishWord(where), what,
                           FishWord(completion::Summary(positional.description)));
    }
  }
  for (const std::string& key : completion::ValueOptionKeys(root)) takes_value += " " + FishWord(key);

  std::string script = fmt::format(
      "# fish completion for kittylog. Generated by `kittylog completion fish` ({}) from its\n"
      "# command tree; do not edit. Install it as vendor_completions.d/kittylog.fish.\n\n",
      VersionLine("kittylog"));
  script += "# The subcommands of command path $argv[1], one per line.\nfunction __kittylog_commands\n"
            "    switch \"$argv[1]\"\n" + commands + "    end\nend\n\n";
  script += "# Whether option $argv[2] of command path $argv[1] takes a value.\nfunction __kittylog_takes_value\n"
            "    switch \"$argv[1]|$argv[2]\"\n        case" + takes_value + "\n            return 0\n    end\n"
            "    return 1\nend\n";
  script += kWalk;
  script += "\n" + lines;
  return script;
}

}  // namespace kittylog::cli
