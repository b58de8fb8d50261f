// `kittylog ready [--feature SLUG] [--all]` (DESIGN §10; docs/workflow.md "What can I pick up"):
// the work packages an agent can start now: created, planned, every dependency done
// (workflow/dependencies.h: ReadyWorkPackages), by feature then WP id, with titles; `--all`
// adds the planned ones that are blocked and by what. It reads the board through WorkflowSource
// (the index's per-WP state when there is one), never the log directly, and writes nothing.
#include <fmt/format.h>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/display.h"
#include "cli/workflow_commands.h"
#include "cli/workflow_render.h"
#include "event/event_validation.h"
#include "event/json_writer.h"
#include "workflow/dependencies.h"

namespace kittylog::cli {
namespace {

struct ReadyFlags {
  std::string feature;
  bool all = false;
};

std::string RenderReadyText(const std::vector<ReadyEntry>& entries, bool all, size_t ready, size_t blocked) {
  std::string out;
  for (const ReadyEntry& entry : entries) {
    if (!entry.blocked_by.empty() && !all) continue;
    out += fmt::format("{}/{}  {}", EscapeForTerminal(entry.feature->slug), EscapeForTerminal(entry.work_package->id),
                       EscapeForTerminal(entry.work_package->title));
    std::string blockers;
    for (const DependencyState& dependency : entry.blocked_by) {
      blockers += (blockers.empty() ? "" : ", ") + EscapeForTerminal(dependency.Describe());
    }
    out += blockers.empty() ? "\n" : "  blocked by " + blockers + "\n";
  }
  out += fmt::format("{} ready, {} blocked{}.\n", ready, blocked,
                     blocked > 0 && !all ? " (kittylog ready --all shows by what)" : "");
  return out;
}

void WriteEntryJson(JsonWriter& w, const ReadyEntry& entry, bool with_blockers) {
  w.BeginObject();
  w.Key("feature_slug"); w.String(entry.feature->slug);
  w.Key("work_package_id"); w.String(entry.work_package->id);
  w.Key("title"); w.String(entry.work_package->title);
  WriteStringsJson(w, "dependencies", entry.work_package->dependencies);
  if (with_blockers) {
    w.Key("blocked_by"); w.BeginArray();
    for (const DependencyState& dependency : entry.blocked_by) WriteDependencyJson(w, dependency);
    w.EndArray();
  }
  w.EndObject();
}

std::string RenderReadyJson(const std::vector<ReadyEntry>& entries, bool all, size_t ready, size_t blocked,
                            const std::vector<DependencyCycle>& cycles, const std::vector<std::string>& warnings) {
  JsonWriter w;
  w.BeginObject();
  w.Key("ready"); w.BeginArray();
  for (const ReadyEntry& entry : entries) {
    if (entry.blocked_by.empty()) WriteEntryJson(w, entry, false);
  }
  w.EndArray();
  if (all) {
    w.Key("blocked"); w.BeginArray();
    for (const ReadyEntry& entry : entries) {
      if (!entry.blocked_by.empty()) WriteEntryJson(w, entry, true);
    }
    w.EndArray();
  }
  w.Key("counts"); w.BeginObject();
  w.Key("ready"); w.Int(static_cast<int64_t>(ready));
  w.Key("blocked"); w.Int(static_cast<int64_t>(blocked));
  w.EndObject();
  w.Key("dependency_cycles"); w.BeginArray();
  for (const DependencyCycle& cycle : cycles) WriteCycleJson(w, cycle);
  w.EndArray();
  WriteStringsJson(w, "warnings", warnings);
  w.EndObject();
  return w.Take() + "\n";
}

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
