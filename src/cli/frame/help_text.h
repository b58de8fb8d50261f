// What `--help` and a mistyped command say (DESIGN §10; docs/cli.md).
//
// CLI11 lists only a command's own flags in its help, and reports a mistyped command word as "A
// subcommand is required" or as unexpected arguments. AddHelpFooters gives every command's help
// the global flags and the docs page to read for it; UsageMessage names the unknown command.
// Both are called by main() only; not thread-safe (they walk and change the CLI11 tree).
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace kittylog::cli {

// The docs page for a top-level command name ("status" -> "docs/workflow.md").
std::string DocsPageFor(const std::string& command);

// Sets the help footer of `app` and of every command under it: the global flags (taken from
// `app`'s own options) and the page to read. Call once every command is registered.
void AddHelpFooters(CLI::App& app);

// The one-line usage error for a parse of `args` (argv without argv[0]) that CLI11 refused with
// `cli11_message`: "unknown command 'wp mvoe' (see kittylog wp --help)" when a word stands where
// a command of `app`'s tree is expected, "a command is required (see kittylog --help)" when none
// was given, else CLI11's message with the same pointer to --help.
std::string UsageMessage(const CLI::App& app, const std::vector<std::string>& args, const std::string& cli11_message);

}  // namespace kittylog::cli
