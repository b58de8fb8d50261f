#include "cli/frame/help_text.h"

#include <map>

#include <fmt/format.h>

namespace kittylog::cli {
namespace {

// The page that explains each top-level command; the commands under one share it.
const std::map<std::string, std::string>& Pages() {
  static const std::map<std::string, std::string> pages = {
      {"init", "docs/adopting.md"},        {"emit", "docs/event-store.md"},     {"schema", "docs/event-types.md"},
      {"clock", "docs/clock.md"},          {"verify", "docs/repair.md"},        {"repair", "docs/repair.md"},
      {"query", "docs/index.md"},          {"index", "docs/index.md"},          {"spec", "docs/workflow.md"},
      {"wp", "docs/workflow.md"},          {"gate", "docs/workflow.md"},        {"status", "docs/workflow.md"},
      {"history", "docs/workflow.md"},     {"conflicts", "docs/workflow.md"},   {"ready", "docs/workflow.md"},
      {"errors", "docs/error-log.md"},     {"install", "docs/git-integration.md"},
      {"uninstall", "docs/git-integration.md"}, {"doctor", "docs/git-integration.md"},
      {"hook", "docs/git-integration.md"}, {"demo", "docs/git-integration.md"},
  };
  return pages;
}

// "  -C DIR                      Run as if started in DIR" for each global option of `app`.
std::string GlobalFlags(const CLI::App& app) {
  std::string lines;
  for (const CLI::Option* option : app.get_options()) {
    std::string name = option->get_name(false, true);
    if (name.empty() || name == "-h,--help" || name == "--version") continue;
    if (option->get_type_size() != 0) name += " " + option->get_type_name();
    lines += fmt::format("  {:<28}{}\n", name, option->get_description());
  }
  return lines;
}

const CLI::App* FindCommand(const CLI::App& parent, const std::string& name) {
  for (const CLI::App* command : parent.get_subcommands([](const CLI::App*) { return true; })) {
    if (command->check_name(name)) return command;
  }
  return nullptr;
}

bool HasCommands(const CLI::App& app) { return !app.get_subcommands([](const CLI::App*) { return true; }).empty(); }

void SetFooters(CLI::App& command, const std::string& flags, const std::string& page) {
  command.footer("Global flags (before or after the command):\n" + flags + "\nRead " + page +
                 " for what this command does; docs/cli.md lists every command and exit code.");
  for (CLI::App* child : command.get_subcommands([](CLI::App*) { return true; })) SetFooters(*child, flags, page);
}

}  // namespace

std::string DocsPageFor(const std::string& command) {
  auto it = Pages().find(command);
  return it == Pages().end() ? "docs/cli.md" : it->second;
}

void AddHelpFooters(CLI::App& app) {
  const std::string flags = GlobalFlags(app);
  app.footer("Read docs/cli.md for every command and exit code, docs/adopting.md to start using kittylog in a "
             "team, and `kittylog COMMAND --help` for a command's flags and page.");
  for (CLI::App* command : app.get_subcommands([](CLI::App*) { return true; })) {
    SetFooters(*command, flags, DocsPageFor(command->get_name()));
  }
}

std::string UsageMessage(const CLI::App& app, const std::vector<std::string>& args, const std::string& cli11_message) {
  const CLI::App* node = &app;
  std::string path;  // the commands recognised so far, " wp"
  bool word_seen = false;
  for (size_t i = 0; i < args.size() && HasCommands(*node); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") break;
    if (arg.starts_with('-')) {
      if (arg == "-C") ++i;  // the global option that takes a value
      continue;
    }
    word_seen = true;
    const CLI::App* command = FindCommand(*node, arg);
    if (command == nullptr) {
      return fmt::format("unknown command '{}{}' (see kittylog{} --help)", path.empty() ? "" : path.substr(1) + " ", arg,
                         path);
    }
    node = command;
    path += " " + arg;
  }
  if (!word_seen && node == &app) return "a command is required (see kittylog --help)";
  return fmt::format("{} (see kittylog{} --help)", cli11_message, path);
}

}  // namespace kittylog::cli
