// `kittylog ready [--feature SLUG] [--all]` (DESIGN §10; docs/workflow.md "What can I pick up"):
// the work packages an agent can start now: created, planned, every dependency done
// (workflow/dependencies.h: ReadyWorkPackages), by feature then WP id, with titles; `--all`
// adds the planned ones that are blocked and by what. It reads the board through WorkflowSource
// (the index's per-WP state when there is one), never the log directly, and writes nothing.
#include <fmt/format.h>

#include "cli/frame/cli_context.h"
#include "cli/commands/commands.h"
#include "cli/frame/display.h"
#include "cli/commands/workflow/workflow_commands.h"
#include "cli/render/workflow_json.h"
#include "cli/render/workflow_text.h"
#include "event/event_validation.h"
#include "workflow/dependencies.h"

namespace kittylog::cli {
namespace {

struct ReadyFlags {
  std::string feature;
  bool all = false;
};

Status RunReady(CliContext& context, const ReadyFlags& flags) {
  if (!flags.feature.empty() && !IsValidFeatureSlug(flags.feature)) {
    return Status::Usage(fmt::format("--feature \"{}\": must match ^[0-9]{{3}}-[a-z0-9-]+$", flags.feature));
  }
  ReadWarnings warnings(context);
  LogLayout layout("");
  KL_ASSIGN_OR_RETURN(std::unique_ptr<WorkflowSource> source, OpenForReading(context, warnings, layout));
  std::optional<std::string> only = flags.feature.empty() ? std::nullopt : std::optional<std::string>(flags.feature);
  KL_ASSIGN_OR_RETURN(BoardState board, source->Board(only));
  if (only && board.features.empty()) {
    return Status::Refused(fmt::format("unknown feature {} (kittylog status lists the features)", flags.feature));
  }
  const std::vector<ReadyEntry> entries = ReadyWorkPackages(board, /*include_blocked=*/true);
  size_t ready = 0;
  for (const ReadyEntry& entry : entries) ready += entry.blocked_by.empty();
  const size_t blocked = entries.size() - ready;
  const std::vector<DependencyCycle> cycles = FindDependencyCycles(board);
  if (context.json()) {
    context.SetJsonResult(RenderReadyJson(entries, flags.all, ready, blocked, cycles, warnings.collected));
  } else {
    for (const DependencyCycle& cycle : cycles) context.Warn(CycleWarning(cycle));
    Print(RenderReadyText(entries, flags.all, ready, blocked));
  }
  return Status::Ok();
}

}  // namespace

void RegisterReadyCommand(CLI::App& app) {
  auto flags = std::make_shared<ReadyFlags>();
  CLI::App* ready = app.add_subcommand(
      "ready", "Work packages that can start now: planned, every dependency done (what to pick up next)");
  ready->add_option("--feature", flags->feature, "Only this feature");
  ready->add_flag("--all", flags->all, "Also list the planned work packages that are blocked, and by what");
  SetHandler(ready, [flags](CliContext& context) { return RunReady(context, *flags); });
}

}  // namespace kittylog::cli
