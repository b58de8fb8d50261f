// Internal to the git integration command group (DESIGN §9, §10; docs/git-integration.md):
// RegisterGitCommands (cli/commands.h, in commands_git.cc) registers install, uninstall, doctor
// and hook, and calls the registrations below. `init` (commands_init.cc) runs the install.
#pragma once

#include <memory>

#include <CLI/CLI.hpp>

#include "base/status.h"
#include "cli/cli_context.h"
#include "git/install.h"
#include "git/repository.h"

namespace kittylog::cli {

// The repository around the work tree of -C DIR (kIo outside one).
Result<std::unique_ptr<git::GitRepository>> OpenRepository(const CliContext& context);

// `kittylog install` for the work tree of -C DIR: what it changed.
Result<git::InstallReport> InstallGitIntegration(const CliContext& context);

void RegisterRepairCommand(CLI::App& app);  // git_repair.cc
void RegisterDemoCommand(CLI::App& app);    // git_demo.cc

}  // namespace kittylog::cli
