// Internal to the workflow command group (DESIGN §10; docs/workflow.md): RegisterWorkflowCommands
// (cli/commands/commands.h, in spec_wp_commands.cc) registers the writing commands (spec, wp, gate) and
// calls the registration of the reading ones below.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "base/status.h"
#include "cli/frame/cli_context.h"
#include "workflow/source/workflow_source.h"

namespace kittylog::cli {

// status, history, conflicts, errors (read_commands.cc); ready (ready_command.cc).
void RegisterWorkflowReadCommands(CLI::App& app);
void RegisterReadyCommand(CLI::App& app);

// Shared by the reading commands (defined in read_commands.cc): read problems printed as warnings
// and kept for --json; the source opened for reading.
struct ReadWarnings {
  explicit ReadWarnings(const CliContext& context) : context_(context) {}
  WarnFunction Sink();
  std::vector<std::string> collected;

 private:
  const CliContext& context_;
};
Result<std::unique_ptr<WorkflowSource>> OpenForReading(const CliContext& context, ReadWarnings& warnings,
                                                       LogLayout& layout);

// `conflicts --rev REV` (conflicts_rev_command.cc).
Status RunConflictsAtRev(CliContext& context, const std::string& rev);

}  // namespace kittylog::cli
