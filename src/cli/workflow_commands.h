// Internal to the workflow command group (DESIGN §10; docs/workflow.md): RegisterWorkflowCommands
// (cli/commands.h, in commands_workflow.cc) registers the writing commands (spec, wp, gate) and
// calls the registration of the reading ones below.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "base/status.h"
#include "cli/cli_context.h"
#include "workflow/source/workflow_source.h"

namespace kittylog::cli {

// status, history, conflicts, errors (workflow_read_commands.cc); ready (workflow_ready.cc).
void RegisterWorkflowReadCommands(CLI::App& app);
void RegisterReadyCommand(CLI::App& app);

// Shared by the reading commands (workflow_read_commands.cc): read problems printed as warnings
// and kept for --json; the source opened for reading; stdout written as is.
struct ReadWarnings {
  explicit ReadWarnings(const CliContext& context) : context_(context) {}
  WarnFunction Sink();
  std::vector<std::string> collected;

 private:
  const CliContext& context_;
};
Result<std::unique_ptr<WorkflowSource>> OpenForReading(const CliContext& context, ReadWarnings& warnings,
                                                       LogLayout& layout);
void Print(const std::string& text);

// `conflicts --rev REV` (workflow_conflicts_rev.cc).
Status RunConflictsAtRev(CliContext& context, const std::string& rev);

}  // namespace kittylog::cli
