// The command tree of the CLI as plain data, read from the CLI11 app after every command has
// registered itself (DESIGN §10; docs/cli.md). One walk serves the shell completions
// (completion_scripts.h) and the man page (man_page.h), so they list exactly what the parser
// accepts. Hidden commands (CLI11 group "") are left out. Pure; thread-compatible.
#pragma once

#include <string>
#include <vector>


namespace CLI {
class App;  // CLI/CLI.hpp: only command_tree.cc reads the app, so the generators compile without CLI11
}  // namespace CLI

namespace kittylog::cli {

// What a value can be, for completion: a fixed list, a directory, a file, or free text.
struct ValueHint {
  enum class Kind { kFreeText, kChoices, kDirectory, kFile };
  Kind kind = Kind::kFreeText;
  std::vector<std::string> choices;
};

struct OptionNode {
  std::vector<std::string> names;  // "-q", "--quiet"; a positional has its one NAME (e.g. "WP")
  bool positional = false;
  bool takes_value = false;        // false for flags
  bool value_optional = false;     // the value may be left out (`verify --history [RANGE]`)
  std::string value_name;          // from the option's help text (`[RANGE]` gives RANGE); "" when unnamed
  bool repeats = false;            // a positional that takes every remaining word
  bool required = false;
  std::string description;
  ValueHint hint;
};

struct CommandNode {
  std::string name;         // "move"; "" for the root
  std::string path;         // "wp move"; "" for the root
  std::string description;
  std::vector<OptionNode> options;      // --flags and -f, in registration order (help included)
  std::vector<OptionNode> positionals;  // in order
  std::vector<CommandNode> subcommands;
};

// The tree under `root` (the root's own options are the global ones).
CommandNode DescribeCommands(const CLI::App& root);

// Every command of the tree, root first, depth first (for generators that need a flat list).
std::vector<const CommandNode*> Flatten(const CommandNode& root);

}  // namespace kittylog::cli
