// The workflow command group (DESIGN §5, §10; docs/workflow.md): `spec create`, `wp create`,
// `wp move` here; the other writing commands in wp_part_commands.cc and gate_commands.cc; the
// reading ones (status, history, conflicts, errors) in read_commands.cc, `ready` in
// ready_command.cc.
//
// Each writing command builds one event from the current state (read through WorkflowSource inside the store
// context, so under the writer lock) and emits it through the store. Every refusal (unknown
// feature, WP or gate, unknown lane, invalid transition, a guard, a dependency that cannot be,
// a name the schema refuses) happens inside WithEventStore, so it is recorded in the error log;
// nothing else is written.
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "cli/frame/cli_context.h"
#include "cli/commands/commands.h"
#include "cli/frame/display.h"
#include "cli/commands/workflow/workflow_commands.h"
#include "cli/commands/workflow/write_frame.h"
#include "event/event_types.h"
#include "event/event_validation.h"
#include "event/json_writer.h"
#include "store/store_context.h"
#include "workflow/dependencies.h"
#include "workflow/guards.h"
#include "workflow/lifecycle.h"
#include "workflow/source/workflow_source.h"

namespace kittylog::cli {
namespace {

// ---- spec create -------------------------------------------------------------------------

struct SpecFlags {
  CommonFlags common;
  std::string slug;
  std::string title;
  std::string mission;
};

Status RunSpecCreate(CliContext& context, const SpecFlags& flags) {
  OperationInfo operation;
  operation.attempted_operation = fmt::format("spec create {} --title {}", flags.slug, flags.title);
  operation.entity_id = flags.slug;
  auto build = [&](WorkflowSource& source, OperationInfo& op) -> Result<EmitRequest> {
    KL_RETURN_IF_ERROR(CheckSlug(flags.slug));
    KL_ASSIGN_OR_RETURN(std::optional<FeatureState> existing, source.Feature(flags.slug));
    if (existing && existing->created) {
      op.error_type = "AlreadyExists";
      return Status::Refused(fmt::format("feature {} already exists (\"{}\")", flags.slug, existing->title));
    }
    EmitRequest request;
    request.event_type = kSpecCreated;
    request.entity_id = flags.slug;
    request.entity_type = "FeatureSpec";
    JsonWriter w;
    w.BeginObject();
    w.Key("feature_slug"); w.String(flags.slug);
    w.Key("title"); w.String(flags.title);
    if (!flags.mission.empty()) { w.Key("mission"); w.String(flags.mission); }
    w.EndObject();
    request.payload_json = w.Take();
    return request;
  };
  return RunWrite(context, flags.common, operation, build, [&](const Event& event) {
    return fmt::format("{}: created \"{}\" (clock {})", EscapeForTerminal(flags.slug), EscapeForTerminal(flags.title),
                       event.lamport_clock);
  });
}

// ---- wp create ---------------------------------------------------------------------------

struct WpCreateFlags {
  CommonFlags common;
  std::string wp;
  std::string feature;
  std::string title;
  std::vector<std::string> depends;  // as given: each --depends value, split on ',' below
};

Status RunWpCreate(CliContext& context, const WpCreateFlags& flags) {
  OperationInfo operation;
  operation.attempted_operation = fmt::format("wp create {} --feature {} --title {}", flags.wp, flags.feature, flags.title);
  for (const std::string& value : flags.depends) operation.attempted_operation += " --depends " + value;
  operation.entity_id = flags.wp;
  auto build = [&](WorkflowSource& source, OperationInfo& op) -> Result<EmitRequest> {
    KL_RETURN_IF_ERROR(ValidateName("work package id", flags.wp));
    KL_ASSIGN_OR_RETURN(FeatureState feature, ExistingFeature(source, flags.feature, op));
    for (const WorkPackageState& wp : feature.work_packages) {
      if (wp.id == flags.wp && wp.created) {
        op.error_type = "AlreadyExists";
        return Status::Refused(fmt::format("work package {} already exists in {} (\"{}\", lane {})", flags.wp,
                                           flags.feature, wp.title, wp.lane));
      }
    }
    // Split here rather than by the parser, which drops empty pieces: "WP01," names an empty id.
    std::vector<std::string> dependencies;
    for (const std::string& value : flags.depends) {
      for (size_t begin = 0;;) {
        size_t comma = value.find(',', begin);
        dependencies.push_back(value.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin));
        if (comma == std::string::npos) break;
        begin = comma + 1;
      }
    }
    if (!dependencies.empty()) {
      // Every work package's dependencies, for the cycle check (workflow/dependencies.h).
      KL_ASSIGN_OR_RETURN(BoardState board, source.Board(flags.feature));
      const FeatureState* current = board.FindFeature(flags.feature);
      KL_RETURN_IF_ERROR(
          ValidateNewDependencies(current != nullptr ? *current : feature, flags.wp, dependencies, &op.error_type));
    }
    EmitRequest request;
    request.event_type = kWPCreated;
    request.entity_id = flags.wp;
    request.entity_type = "WorkPackage";
    JsonWriter w;
    w.BeginObject();
    w.Key("feature_slug"); w.String(flags.feature);
    w.Key("work_package_id"); w.String(flags.wp);
    w.Key("title"); w.String(flags.title);
    if (!dependencies.empty()) { w.Key("dependencies"); w.Raw(StringArray(dependencies)); }
    w.EndObject();
    request.payload_json = w.Take();
    return request;
  };
  return RunWrite(context, flags.common, operation, build, [&](const Event& event) {
    return fmt::format("{}/{}: created \"{}\" in planned (clock {})", EscapeForTerminal(flags.feature),
                       EscapeForTerminal(flags.wp), EscapeForTerminal(flags.title), event.lamport_clock);
  });
}

// ---- wp move -----------------------------------------------------------------------------

struct WpMoveFlags {
  CommonFlags common;
  std::string wp;
  std::string to;
  std::string feature;
  std::string reason;
  bool force = false;
};

// The error-log context of a guard refusal: what the move needed and what it found.
std::string GuardContext(const std::string& feature, const GuardCheck& check) {
  JsonWriter w;
  w.BeginObject();
  w.Key("feature"); w.String(feature);
  w.Key("from"); w.String(check.from);
  w.Key("to"); w.String(check.to);
  w.Key("needs"); w.String(check.Requirement());
  w.Key("unmet"); w.BeginArray();
  for (const GuardCheck::Unmet& item : check.unmet) {
    w.BeginObject();
    w.Key("what"); w.String(item.what);
    w.Key("state"); w.String(item.state);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

std::string LanesList() {
  std::string lanes;
  for (std::string_view lane : kLanes) lanes += (lanes.empty() ? "" : ", ") + std::string(lane);
  return lanes;
}

Status RunWpMove(CliContext& context, const WpMoveFlags& flags) {
  if (flags.force && flags.reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::Usage("--force needs --reason R: say why the guard is overridden (it is recorded)");
  }
  OperationInfo operation;
  operation.attempted_operation = fmt::format("wp move {} --to {} --feature {}{}", flags.wp, flags.to, flags.feature,
                                              flags.force ? " --force" : "");
  operation.entity_id = flags.wp;
  std::string from;
  std::string overridden;  // what --force overrode, for the printed line
  auto build = [&](WorkflowSource& source, OperationInfo& op) -> Result<EmitRequest> {
    if (!IsOneOf(flags.to, kLanes)) {
      return Status::Refused(fmt::format("unknown lane \"{}\" (lanes: {})", flags.to, LanesList()));
    }
    KL_ASSIGN_OR_RETURN(WorkPackageState wp, ExistingWorkPackage(source, flags.feature, flags.wp, op));
    from = wp.lane;
    if (!IsValidTransition(wp.lane, flags.to)) {
      op.error_type = "InvalidTransition";
      JsonWriter w;
      w.BeginObject();
      w.Key("feature"); w.String(flags.feature);
      w.Key("from"); w.String(wp.lane);
      w.Key("to"); w.String(flags.to);
      w.Key("valid"); w.BeginArray();
      for (std::string_view target : ValidTargets(wp.lane)) w.String(target);
      w.EndArray();
      w.EndObject();
      op.context_json = w.Take();  // the store context warns when this WP already has such errors
      return Status::Refused(fmt::format("invalid transition for {}/{}: {} -> {} (valid from {}: {})", flags.feature,
                                         flags.wp, wp.lane, flags.to, wp.lane, JoinValidTargets(wp.lane)));
    }
    // The guards, against the board as it is in this checkout now (workflow/guards.h).
    KL_ASSIGN_OR_RETURN(BoardState board, source.Board(flags.feature));
    const WorkPackageState* current = board.FindWorkPackage(flags.feature, flags.wp);
    GuardCheck check = current != nullptr ? CheckGuard(board, *current, flags.to)
                                          : CheckGuard(wp.lane, flags.to, DependencyStatus{}, {});
    if (!check.passed() && !flags.force) {
      op.error_type = "GuardRefused";
      op.context_json = GuardContext(flags.feature, check);
      return Status::Refused(fmt::format("guard refused {}/{}: {} -> {} needs {}: {} (--force --reason R overrides)",
                                         flags.feature, flags.wp, wp.lane, flags.to, check.Requirement(),
                                         check.UnmetText()));
    }
    if (!check.passed()) overridden = check.UnmetText();
    EmitRequest request;
    request.event_type = kWPStatusChanged;
    request.entity_id = flags.wp;
    request.entity_type = "WorkPackage";
    JsonWriter w;
    w.BeginObject();
    w.Key("feature_slug"); w.String(flags.feature);
    w.Key("old_status"); w.String(wp.lane);
    w.Key("new_status"); w.String(flags.to);
    if (!flags.reason.empty()) { w.Key("reason"); w.String(flags.reason); }
    WriteGuardRecord(w, check);
    if (!overridden.empty()) { w.Key("forced"); w.Bool(true); }
    w.EndObject();
    request.payload_json = w.Take();
    return request;
  };
  return RunWrite(context, flags.common, operation, build, [&](const Event& event) {
    std::string forced = overridden.empty() ? "" : ", forced while " + EscapeForTerminal(overridden);
    return fmt::format("{}/{}: {} -> {}{} (clock {})", EscapeForTerminal(flags.feature), EscapeForTerminal(flags.wp),
                       from, flags.to, forced, event.lamport_clock);
  });
}

}  // namespace

void RegisterWorkflowCommands(CLI::App& app) {
  CLI::App* spec = app.add_subcommand("spec", "Feature specs");
  {
    auto flags = std::make_shared<SpecFlags>();
    CLI::App* create = spec->add_subcommand("create", "Create a feature (SpecCreated)");
    create->add_option("SLUG", flags->slug, "Feature slug, e.g. 001-login")->required();
    create->add_option("--title", flags->title, "Title")->required();
    create->add_option("--mission", flags->mission, "Mission");
    AddCommonFlags(create, flags->common);
    SetHandler(create, [flags](CliContext& context) { return RunSpecCreate(context, *flags); });
  }

  CLI::App* wp = app.add_subcommand("wp", "Work packages");
  {
    auto flags = std::make_shared<WpCreateFlags>();
    CLI::App* create = wp->add_subcommand("create", "Create a work package in planned (WPCreated)");
    create->add_option("WP", flags->wp, "Work package id, e.g. WP01")->required();
    create->add_option("--feature", flags->feature, "Feature slug")->required();
    create->add_option("--title", flags->title, "Title")->required();
    create->add_option("--depends", flags->depends, "Work packages of the feature it depends on: WP01,WP02");
    AddCommonFlags(create, flags->common);
    SetHandler(create, [flags](CliContext& context) { return RunWpCreate(context, *flags); });
  }
  {
    auto flags = std::make_shared<WpMoveFlags>();
    CLI::App* move = wp->add_subcommand("move", "Move a work package to another lane (WPStatusChanged)");
    move->add_option("WP", flags->wp, "Work package id")->required();
    move->add_option("--to", flags->to, "Lane: planned, doing, for_review, done, rejected")->required();
    move->add_option("--feature", flags->feature, "Feature slug")->required();
    move->add_option("--reason", flags->reason, "Why (shown in history; required with --force)");
    move->add_flag("--force", flags->force,
                   "Override a guard (dependencies done, gates passed), never the lifecycle; recorded as forced");
    AddCommonFlags(move, flags->common);
    SetHandler(move, [flags](CliContext& context) { return RunWpMove(context, *flags); });
  }
  RegisterWpPartCommands(wp);

  RegisterGateCommands(app);
  RegisterWorkflowReadCommands(app);
  RegisterReadyCommand(app);
}

}  // namespace kittylog::cli
