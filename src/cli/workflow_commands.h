// Internal to the workflow command group (DESIGN §10; docs/workflow.md): RegisterWorkflowCommands
// (cli/commands.h, in commands_workflow.cc) registers the writing commands (spec, wp, gate) and
// calls the registration of the reading ones below.
#pragma once

#include <CLI/CLI.hpp>

namespace kittylog::cli {

// status, history, conflicts, errors (workflow_read_commands.cc).
void RegisterWorkflowReadCommands(CLI::App& app);

}  // namespace kittylog::cli
