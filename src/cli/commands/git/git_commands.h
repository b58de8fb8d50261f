// Internal to the git integration command group (DESIGN §9, §10; docs/git-integration.md):
// RegisterGitCommands (cli/commands/commands.h, in git_commands.cc) registers install, uninstall, doctor
// and hook, and calls the registrations below. `init` (init_command.cc) runs the install.
#pragma once

#include <memory>

#include <CLI/CLI.hpp>

#include "base/status.h"
#include "cli/frame/cli_context.h"
#include "git/install.h"
#include "git/repository.h"

namespace kittylog::cli {

// The repository around the work tree of -C DIR (kIo outside one).
Result<std::unique_ptr<git::GitRepository>> OpenRepository(const CliContext& context);

// `kittylog install` for the work tree of -C DIR: what it changed.
Result<git::InstallReport> InstallGitIntegration(const CliContext& context);

void RegisterRepairCommand(CLI::App& app);  // repair_command.cc
void RegisterDemoCommand(CLI::App& app);    // demo_command.cc

}  // namespace kittylog::cli
