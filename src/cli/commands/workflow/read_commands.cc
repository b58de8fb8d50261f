// The workflow's reading commands (DESIGN §6, §10; docs/workflow.md): `status`, `history`,
// `conflicts`, `errors` (`ready` in ready_command.cc). They never write the log; they read it
// through WorkflowSource (the index when there is one), turn it into state with the one reducer
// and print it through the renderers (cli/render/workflow_text.h, cli/render/workflow_json.h).
#include <unistd.h>

#include <map>
#include <set>
#include <unordered_set>

#include <fmt/format.h>

#include "cli/frame/cli_context.h"
#include "cli/frame/display.h"
#include "cli/commands/workflow/workflow_commands.h"
#include "cli/render/workflow_json.h"
#include "cli/render/workflow_text.h"
#include "event/event_types.h"
#include "event/event_validation.h"
#include "store/error_log.h"
#include "workflow/guards.h"
#include "workflow/reducer.h"
#include "workflow/source/workflow_source.h"
#include "workflow/workflow_names.h"

namespace kittylog::cli {

WarnFunction ReadWarnings::Sink() {
  return [this](const std::string& warning) {
    context_.Warn(warning);
    collected.push_back(warning);
  };
}

Result<std::unique_ptr<WorkflowSource>> OpenForReading(const CliContext& context, ReadWarnings& warnings,
                                                       LogLayout& layout) {
  KL_ASSIGN_OR_RETURN(layout, context.Log());
  return WorkflowSource::ForReading(layout, !context.quiet() && ::isatty(STDERR_FILENO) == 1, warnings.Sink());
}

namespace {

// ---- status ------------------------------------------------------------------------------

Status RunStatus(CliContext& context, const std::string& feature) {
  if (!feature.empty() && !IsValidFeatureSlug(feature)) {
    return Status::Usage(fmt::format("--feature \"{}\": must match ^[0-9]{{3}}-[a-z0-9-]+$", feature));
  }
  ReadWarnings warnings(context);
  LogLayout layout("");
  KL_ASSIGN_OR_RETURN(std::unique_ptr<WorkflowSource> source, OpenForReading(context, warnings, layout));
  std::optional<std::string> only = feature.empty() ? std::nullopt : std::optional<std::string>(feature);
  KL_ASSIGN_OR_RETURN(BoardState board, source->Board(only));
  if (only && board.features.empty()) return Status::Refused(fmt::format("unknown feature {}", feature));
  if (context.json()) {
    context.SetJsonResult(RenderBoardJson(board, warnings.collected));
  } else {
    Print(RenderBoardText(board, BoardStyle{context.UseColour(), TerminalWidth()}));
  }
  return Status::Ok();
}

// ---- history -----------------------------------------------------------------------------

// Appends to `events` (the WP's own events, in total order) what the guards of its moves read:
// its dependencies' creations and moves, and the gates of any feature with their results (a gate
// may name no feature). True when there is a guarded move to check (an unforced move of a
// guarded kind in a known feature): then one replay of `events` checks its guards as `status` and
// `verify` do. A self-dependency adds nothing: the WP's own events are there already.
Result<bool> AppendGuardContext(WorkflowSource& source, const std::string& wp, const std::string& feature,
                                std::vector<Event>& events) {
  const Event* creation = nullptr;
  bool guarded = false;
  for (const Event& event : events) {
    if (event.event_type == kWPCreated && event.payload.feature_slug == feature) creation = &event;
    guarded = guarded || (event.event_type == kWPStatusChanged && !event.payload.forced &&
                          IsGuardedMove(event.payload.old_status, event.payload.new_status));
  }
  if (feature.empty() || creation == nullptr || !guarded) return false;
  std::vector<Event> context;  // gathered apart, then appended once: `events` is not moved as it grows
  const std::vector<std::string> dependencies = creation->payload.dependencies;
  for (const std::string& dependency : dependencies) {
    if (dependency == wp) continue;
    for (std::string_view type : {kWPCreated, kWPStatusChanged}) {  // all a dependency guard reads
      KL_ASSIGN_OR_RETURN(std::vector<Event> found, source.Events({.entity_id = dependency, .feature_slug = feature,
                                                                   .event_type = std::string(type)}));
      context.insert(context.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    }
  }
  // The gates of this WP and their results.
  KL_ASSIGN_OR_RETURN(std::vector<Event> gates, source.Events({.entity_id = std::nullopt, .feature_slug = std::nullopt, .event_type = std::string(kGateCreated)}));
  std::set<std::string> gate_ids;
  for (Event& gate : gates) {
    // The gates of this WP: named for it in its feature, or in none (GateBelongsTo, workflow/guards.h).
    if (gate.payload.work_package_id != wp || (!gate.payload.feature_slug.empty() && gate.payload.feature_slug != feature)) {
      continue;
    }
    gate_ids.insert(workflow_internal::GateIdOf(gate));
    context.push_back(std::move(gate));
  }
  for (const std::string& gate_id : gate_ids) {
    KL_ASSIGN_OR_RETURN(std::vector<Event> results,
                        source.Events({.entity_id = gate_id, .feature_slug = std::nullopt,
                                                       .event_type = std::string(kGateResultChanged)}));
    context.insert(context.end(), std::make_move_iterator(results.begin()), std::make_move_iterator(results.end()));
  }
  events.reserve(events.size() + context.size());
  events.insert(events.end(), std::make_move_iterator(context.begin()), std::make_move_iterator(context.end()));
  return true;
}

struct HistoryFlags {
  std::string entity;
  std::string feature;
};

Status RunHistory(CliContext& context, const HistoryFlags& flags) {
  if (!flags.feature.empty() && !IsValidFeatureSlug(flags.feature)) {
    return Status::Usage(fmt::format("--feature \"{}\": must match ^[0-9]{{3}}-[a-z0-9-]+$", flags.feature));
  }
  ReadWarnings warnings(context);
  LogLayout layout("");
  KL_ASSIGN_OR_RETURN(std::unique_ptr<WorkflowSource> source, OpenForReading(context, warnings, layout));
  EventSelection selection;
  selection.entity_id = flags.entity;
  if (!flags.feature.empty()) selection.feature_slug = flags.feature;
  KL_ASSIGN_OR_RETURN(std::vector<Event> events, source->Events(selection));
  if (events.empty()) {
    return Status::Refused(flags.feature.empty()
                               ? fmt::format("no events for {} in the log", flags.entity)
                               : fmt::format("no events for {} in feature {}", flags.entity, flags.feature));
  }
  std::string feature = flags.feature;
  if (feature.empty() && !IsValidFeatureSlug(flags.entity)) {
    std::set<std::string> features;
    for (const Event& event : events) {
      if (!event.payload.feature_slug.empty() && event.event_type != kGateResultChanged) {
        features.insert(event.payload.feature_slug);
      }
    }
    if (features.size() > 1) {
      std::string list;
      for (const std::string& slug : features) list += (list.empty() ? "" : ", ") + slug;
      return Status::Usage(fmt::format("{} exists in several features ({}): pass --feature", flags.entity, list));
    }
    if (features.size() == 1) feature = *features.begin();
  }
  // One entity's events cannot show what its guards read (the dependencies' lanes, the gates):
  // without that context they are replayed without guard checks; with it, one replay checks them
  // (guards never change a lane: DESIGN §5) and the context's own verdicts are dropped.
  const size_t own = events.size();
  ReplayOptions options;
  options.verdicts = true;
  KL_ASSIGN_OR_RETURN(options.check_guards, AppendGuardContext(*source, flags.entity, feature, events));
  ReplayResult replay = Replay(events, options);
  std::erase_if(replay.verdicts, [own](const EventVerdict& verdict) { return verdict.index >= own; });
  if (events.size() > own) {
    // A conflict is of one entity's aspect: the context's are the dependencies' and gates'.
    std::unordered_set<std::string_view> context_ids;
    for (size_t i = own; i < events.size(); ++i) context_ids.insert(events[i].event_id);
    std::erase_if(replay.board.conflicts, [&](const ResolvedConflict& conflict) {
      return !conflict.competing.empty() && context_ids.contains(conflict.competing.front().event_id);
    });
  }

  HistoryView view;
  view.events = &events;
  view.replay = &replay;
  view.entity = flags.entity;
  if (const WorkPackageState* wp = replay.board.FindWorkPackage(feature, flags.entity)) {
    view.entity = wp->key();
    view.heading = fmt::format("\"{}\"  lane {}", EscapeForTerminal(wp->title), EscapeForTerminal(wp->lane));
    if (!wp->tags.empty()) {
      std::string tags;
      for (const std::string& tag : wp->tags) tags += (tags.empty() ? "" : ", ") + EscapeForTerminal(tag);
      view.heading += "  [" + tags + "]";
    }
  } else if (const FeatureState* spec = replay.board.FindFeature(flags.entity)) {
    view.heading = fmt::format("\"{}\"", EscapeForTerminal(spec->title));
  } else if (const GateState* gate = replay.board.FindGate(flags.entity)) {
    view.heading = fmt::format("{} gate of {}/{}  status {}", EscapeForTerminal(gate->gate_type),
                               EscapeForTerminal(gate->feature_slug), EscapeForTerminal(gate->work_package_id),
                               EscapeForTerminal(gate->status));
  }
  if (context.json()) {
    context.SetJsonResult(RenderHistoryJson(view, warnings.collected));
  } else {
    Print(RenderHistoryText(view, context.UseColour()));
  }
  return Status::Ok();
}

// ---- conflicts ---------------------------------------------------------------------------

Status RunConflicts(CliContext& context, const std::string& rev) {
  if (!rev.empty()) return RunConflictsAtRev(context, rev);
  ReadWarnings warnings(context);
  LogLayout layout("");
  KL_ASSIGN_OR_RETURN(std::unique_ptr<WorkflowSource> source, OpenForReading(context, warnings, layout));
  KL_ASSIGN_OR_RETURN(std::vector<ResolvedConflict> conflicts, source->AllConflicts());
  if (context.json()) {
    context.SetJsonResult(RenderConflictsJson(conflicts, warnings.collected));
  } else {
    Print(RenderConflictsText(conflicts, context.UseColour()));
  }
  return Status::Ok();
}

// ---- errors ------------------------------------------------------------------------------

Status RunErrors(CliContext& context, const std::string& entity) {
  KL_ASSIGN_OR_RETURN(LogLayout layout, context.Log());
  std::vector<std::string> problems;
  std::optional<std::string> only = entity.empty() ? std::nullopt : std::optional<std::string>(entity);
  KL_ASSIGN_OR_RETURN(std::vector<ErrorRecord> records, ReadErrors(layout, only, &problems));
  for (const std::string& problem : problems) context.Warn(problem + " (line skipped)");
  if (context.json()) {
    context.SetJsonResult(RenderErrorsJson(records, problems));
  } else {
    Print(RenderErrorsText(records, only, context.UseColour()));
  }
  return Status::Ok();
}

}  // namespace

void RegisterWorkflowReadCommands(CLI::App& app) {
  {
    auto feature = std::make_shared<std::string>();
    CLI::App* status = app.add_subcommand("status", "The kanban board per feature, progress, conflict warnings");
    status->add_option("--feature", *feature, "Only this feature");
    SetHandler(status, [feature](CliContext& context) { return RunStatus(context, *feature); });
  }
  {
    auto flags = std::make_shared<HistoryFlags>();
    CLI::App* history = app.add_subcommand("history", "One entity's timeline, concurrent events marked");
    history->add_option("ENTITY", flags->entity, "Work package id, feature slug or gate id")->required();
    history->add_option("--feature", flags->feature, "The feature of the work package");
    SetHandler(history, [flags](CliContext& context) { return RunHistory(context, *flags); });
  }
  {
    auto rev = std::make_shared<std::string>();
    CLI::App* conflicts = app.add_subcommand("conflicts", "Concurrent changes in the log and how they were resolved");
    conflicts->add_option("--rev", *rev, "A merge commit: what its two sides both changed since their merge base");
    SetHandler(conflicts, [rev](CliContext& context) { return RunConflicts(context, *rev); });
  }
  {
    auto entity = std::make_shared<std::string>();
    CLI::App* errors = app.add_subcommand("errors", "The error log: refused operations");
    errors->add_option("--entity", *entity, "Only errors about this entity");
    SetHandler(errors, [entity](CliContext& context) { return RunErrors(context, *entity); });
  }
}

}  // namespace kittylog::cli
