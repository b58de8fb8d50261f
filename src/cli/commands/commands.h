// The command groups of the CLI, one registration function per file (DESIGN §10).
// Each adds its subcommands to `app` and attaches handlers with SetHandler().
#pragma once

#include <CLI/CLI.hpp>

namespace kittylog::cli {

void RegisterAllCommands(CLI::App& app);      // commands.cc: calls every function below

void RegisterInitCommand(CLI::App& app);      // init_command.cc
void RegisterEmitCommand(CLI::App& app);      // emit_command.cc
void RegisterClockCommands(CLI::App& app);    // clock_commands.cc
void RegisterVerifyCommand(CLI::App& app);    // verify_command.cc
void RegisterIndexCommands(CLI::App& app);    // index_commands.cc: query, index rebuild|check|stats
void RegisterWorkflowCommands(CLI::App& app); // workflow/: spec, wp, gate, status, history, conflicts, errors, ready
void RegisterGitCommands(CLI::App& app);      // git/: install, uninstall, doctor, hook, repair, demo
void RegisterSchemaCommand(CLI::App& app);    // schema_command.cc: schema [TYPE]
void RegisterCompletionCommands(CLI::App& app);  // completion_commands.cc: completion SHELL, (hidden) manpage

}  // namespace kittylog::cli
