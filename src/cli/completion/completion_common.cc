#include "cli/completion/completion_scripts.h"

#include <algorithm>

#include "git/binaries.h"

namespace kittylog::cli::completion {

std::string ShellWord(const std::string& text) { return git::SingleQuoted(text); }

std::vector<const OptionNode*> OwnOptions(const CommandNode& root, const CommandNode& command) {
  std::vector<const OptionNode*> own;
  for (const OptionNode& option : command.options) {
    bool global = false;
    if (&command != &root) {
      for (const OptionNode& root_option : root.options) {
        for (const std::string& name : option.names) {
          global |= std::find(root_option.names.begin(), root_option.names.end(), name) != root_option.names.end();
        }
      }
    }
    if (!global) own.push_back(&option);
  }
  return own;
}

std::vector<std::string> ValueOptionKeys(const CommandNode& root) {
  std::vector<std::string> keys;
  for (const CommandNode* command : Flatten(root)) {
    for (const OptionNode* option : OwnOptions(root, *command)) {
      if (!option->takes_value) continue;
      for (const std::string& name : option->names) keys.push_back(command->path + "|" + name);
    }
  }
  return keys;
}

std::string TakesValueFunction(const CommandNode& root) {
  std::string arms;
  std::vector<std::string> keys = ValueOptionKeys(root);
  for (size_t i = 0; i < keys.size(); i += 4) {
    std::string arm;
    for (size_t j = i; j < keys.size() && j < i + 4; ++j) arm += (j == i ? "" : "|") + ShellWord(keys[j]);
    arms += "    " + arm + ") return 0 ;;\n";
  }
  return "# Whether option $2 of command path $1 takes a value.\n_kittylog_takes_value() {\n  case \"$1|$2\" in\n" +
         arms + "  esac\n  return 1\n}\n\n";
}

std::string Summary(const std::string& description) { return description.substr(0, description.find('\n')); }

}  // namespace kittylog::cli::completion
