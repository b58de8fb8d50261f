#include "cli/completion/command_tree.h"

#include <array>
#include <string_view>

#include <CLI/CLI.hpp>

#include "cli/commands/contracts.h"
#include "event/event.h"
#include "git/hook_shim.h"

namespace kittylog::cli {
namespace {

template <size_t N>
ValueHint Choices(const std::array<std::string_view, N>& values) {
  ValueHint hint{ValueHint::Kind::kChoices, {}};
  for (std::string_view value : values) hint.choices.emplace_back(value);
  return hint;
}

// Values with a known shape, by command path and option (or positional) name. The lists come
// from their one home (event.h, hook_shim.h, contracts.h); tests/packaging/completion_test.cc
// completes each entry, so a renamed option shows up there.
struct HintEntry {
  std::string_view path;
  std::string_view option;
  ValueHint (*hint)();
};

const HintEntry kHints[] = {
    {"", "-C", [] { return ValueHint{ValueHint::Kind::kDirectory, {}}; }},
    {"emit", "TYPE", [] { return Choices(kEventTypes); }},
    {"emit", "--entity-type", [] { return Choices(kEntityTypes); }},
    {"query", "--entity-type", [] { return Choices(kEntityTypes); }},
    {"query", "--type", [] { return Choices(kEventTypes); }},
    {"query", "--format", [] { return Choices(std::array<std::string_view, 3>{"table", "json", "jsonl"}); }},
    {"wp move", "--to", [] { return Choices(kLanes); }},
    {"gate create", "--type", [] { return Choices(kGateTypes); }},
    {"gate result", "--status", [] { return Choices(kGateStatuses); }},
    {"hook", "NAME", [] { return Choices(git::kHookNames); }},
    {"repair", "FILES", [] { return ValueHint{ValueHint::Kind::kFile, {}}; }},
    {"completion", "SHELL", [] { return Choices(std::array<std::string_view, 3>{"bash", "zsh", "fish"}); }},
    {"schema", "TYPE",
     [] {
       ValueHint hint{ValueHint::Kind::kChoices, {}};
       for (const SchemaFile& file : SchemaFiles()) hint.choices.emplace_back(file.name);
       return hint;
     }},
};

ValueHint HintFor(const std::string& path, const std::string& option) {
  for (const HintEntry& entry : kHints) {
    if (entry.path == path && entry.option == option) return entry.hint();
  }
  return {};
}

OptionNode DescribeOption(const CLI::Option& option, const std::string& path) {
  OptionNode node;
  node.positional = option.get_positional();
  node.description = option.get_description();
  node.required = option.get_required();
  if (node.positional) {
    node.names.push_back(option.get_name(true));
    node.takes_value = true;
    node.repeats = option.get_items_expected_max() > 1;
  } else {
    for (const std::string& name : option.get_snames()) node.names.push_back("-" + name);
    for (const std::string& name : option.get_lnames()) node.names.push_back("--" + name);
    node.takes_value = option.get_expected_max() > 0;  // a flag expects no value
    node.value_optional = node.takes_value && option.get_expected_min() == 0;
    std::string text = option.get_option_text();  // what the help shows after the name
    if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
    node.value_name = text;
  }
  for (const std::string& name : node.names) {
    node.hint = HintFor(path, name);
    if (node.hint.kind != ValueHint::Kind::kFreeText) break;
  }
  return node;
}

CommandNode DescribeNode(const CLI::App& app, const std::string& path) {
  CommandNode node;
  node.name = path.empty() ? "" : app.get_name();
  node.path = path;
  node.description = app.get_description();
  for (const CLI::Option* option : app.get_options()) {
    OptionNode described = DescribeOption(*option, path);
    (described.positional ? node.positionals : node.options).push_back(std::move(described));
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* candidate) { return !candidate->get_group().empty(); })) {
    node.subcommands.push_back(DescribeNode(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name()));
  }
  return node;
}

void Collect(const CommandNode& node, std::vector<const CommandNode*>& out) {
  out.push_back(&node);
  for (const CommandNode& sub : node.subcommands) Collect(sub, out);
}

}  // namespace

CommandNode DescribeCommands(const CLI::App& root) { return DescribeNode(root, ""); }

std::vector<const CommandNode*> Flatten(const CommandNode& root) {
  std::vector<const CommandNode*> out;
  Collect(root, out);
  return out;
}

}  // namespace kittylog::cli
