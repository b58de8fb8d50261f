// Internal to the workflow command group (DESIGN §10; docs/workflow.md): RegisterWorkflowCommands
// (cli/commands.h, in commands_workflow.cc) registers the writing commands (spec, wp, gate) and
// calls the registration of the reading ones below.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "base/status.h"

namespace kittylog::cli {

// status, history, conflicts, errors (workflow_read_commands.cc).
void RegisterWorkflowReadCommands(CLI::App& app);

class CliContext;
// `conflicts --rev REV` (workflow_conflicts_rev.cc).
Status RunConflictsAtRev(CliContext& context, const std::string& rev);

}  // namespace kittylog::cli
