// The command groups of the CLI, one registration function per file (DESIGN §10).
// Each adds its subcommands to `app` and attaches handlers with SetHandler().
#pragma once

#include <CLI/CLI.hpp>

namespace kittylog::cli {

void RegisterAllCommands(CLI::App& app);      // commands.cc: calls every function below

void RegisterInitCommand(CLI::App& app);      // commands_init.cc
void RegisterEmitCommand(CLI::App& app);      // commands_emit.cc
void RegisterClockCommands(CLI::App& app);    // commands_clock.cc
void RegisterVerifyCommand(CLI::App& app);    // commands_verify.cc
void RegisterIndexCommands(CLI::App& app);    // commands_index.cc: query, index rebuild|check|stats
void RegisterWorkflowCommands(CLI::App& app); // commands_workflow.cc: spec, wp, gate, status, history, conflicts, errors
void RegisterGitCommands(CLI::App& app);      // commands_git.cc: install, uninstall, doctor, hook, repair, demo
void RegisterSchemaCommand(CLI::App& app);    // commands_schema.cc: schema [TYPE]
void RegisterCompletionCommands(CLI::App& app);  // commands_completion.cc: completion SHELL, (hidden) manpage

}  // namespace kittylog::cli
