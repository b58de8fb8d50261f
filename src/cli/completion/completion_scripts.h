// Shell completion scripts generated from the command tree (`kittylog completion bash|zsh|fish`;
// docs/install.md "Shell completion"). Each script knows every command, subcommand and option
// of the tree, which options take a value, and the values with a fixed set (lanes after
// `wp move --to`, event types, gate types; command_tree.h). It completes by walking the words
// typed so far: options (and their values) are skipped, words naming a subcommand extend the
// command path, anything else is a positional argument. The scripts run no kittylog process.
// Pure functions; thread-safe.
#pragma once

#include <string>

#include "cli/completion/command_tree.h"

namespace kittylog::cli {

std::string BashCompletion(const CommandNode& root);
std::string ZshCompletion(const CommandNode& root);
std::string FishCompletion(const CommandNode& root);

// Shared by the three generators.
namespace completion {

// `text` in single quotes for bash and zsh ('it'\''s').
std::string ShellWord(const std::string& text);
// The options of `command` that the root (global options) does not already list.
std::vector<const OptionNode*> OwnOptions(const CommandNode& root, const CommandNode& command);
// Every (path, option name) of the tree whose option takes a value, as "path|name".
std::vector<std::string> ValueOptionKeys(const CommandNode& root);
// The shell function `_kittylog_takes_value PATH OPTION` (bash and zsh read it alike): whether
// that option of that command path takes a value, from ValueOptionKeys.
std::string TakesValueFunction(const CommandNode& root);
// The first line of a description (the completion menus show one line).
std::string Summary(const std::string& description);

}  // namespace completion
}  // namespace kittylog::cli
