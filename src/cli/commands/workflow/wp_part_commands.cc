// `wp workspace`, `wp subtask`, `wp tag` (DESIGN §5, §10; docs/workflow.md): events about a
// work package that never compete (workspaces and subtasks are kept, tags only grow).
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <simdjson.h>

#include "cli/frame/cli_context.h"
#include "cli/frame/display.h"
#include "cli/commands/workflow/write_frame.h"
#include "event/event.h"
#include "event/event_types.h"
#include "event/event_validation.h"
#include "event/json_writer.h"

namespace kittylog::cli {
namespace {

struct WpWorkspaceFlags {
  CommonFlags common;
  std::string wp;
  std::string feature;
  std::string path;
  std::string branch;
};

Status RunWpWorkspace(CliContext& context, const WpWorkspaceFlags& flags) {
  OperationInfo operation;
  operation.attempted_operation = fmt::format("wp workspace {} --feature {} --path {} --branch {}", flags.wp,
                                              flags.feature, flags.path, flags.branch);
  operation.entity_id = flags.wp;
  auto build = [&](WorkflowSource& source, OperationInfo& op) -> Result<EmitRequest> {
    KL_RETURN_IF_ERROR(ExistingWorkPackage(source, flags.feature, flags.wp, op).status());
    EmitRequest request;
    request.event_type = kWorkspaceCreated;
    request.entity_id = flags.wp;
    request.entity_type = "WorkPackage";
    JsonWriter w;
    w.BeginObject();
    w.Key("work_package_id"); w.String(flags.wp);
    w.Key("worktree_path"); w.String(flags.path);
    w.Key("branch_name"); w.String(flags.branch);
    w.Key("feature_slug"); w.String(flags.feature);
    w.EndObject();
    request.payload_json = w.Take();
    return request;
  };
  return RunWrite(context, flags.common, operation, build, [&](const Event& event) {
    return fmt::format("{}/{}: workspace {} on branch {} (clock {})", EscapeForTerminal(flags.feature),
                       EscapeForTerminal(flags.wp), EscapeForTerminal(flags.path), EscapeForTerminal(flags.branch),
                       event.lamport_clock);
  });
}

struct WpSubtaskFlags {
  CommonFlags common;
  std::string wp;
  std::string feature;
  int64_t index = -1;
  std::string text;
};

Status RunWpSubtask(CliContext& context, const WpSubtaskFlags& flags) {
  OperationInfo operation;
  operation.attempted_operation =
      fmt::format("wp subtask {} --feature {} --index {}", flags.wp, flags.feature, flags.index);
  operation.entity_id = flags.wp;
  auto build = [&](WorkflowSource& source, OperationInfo& op) -> Result<EmitRequest> {
    if (flags.index < 0) return Status::Refused("--index: must be an integer >= 0");
    KL_RETURN_IF_ERROR(ExistingWorkPackage(source, flags.feature, flags.wp, op).status());
    EmitRequest request;
    request.event_type = kSubtaskCompleted;
    request.entity_id = flags.wp;
    request.entity_type = "WorkPackage";
    JsonWriter w;
    w.BeginObject();
    w.Key("work_package_id"); w.String(flags.wp);
    w.Key("subtask_index"); w.Int(flags.index);
    if (!flags.text.empty()) { w.Key("subtask_text"); w.String(flags.text); }
    w.Key("feature_slug"); w.String(flags.feature);
    w.EndObject();
    request.payload_json = w.Take();
    return request;
  };
  return RunWrite(context, flags.common, operation, build, [&](const Event& event) {
    return fmt::format("{}/{}: subtask {} done (clock {})", EscapeForTerminal(flags.feature),
                       EscapeForTerminal(flags.wp), flags.index, event.lamport_clock);
  });
}

struct WpTagFlags {
  CommonFlags common;
  std::string wp;
  std::string feature;
  std::vector<std::string> tags;
};

Status RunWpTag(CliContext& context, const WpTagFlags& flags) {
  OperationInfo operation;
  std::string typed = fmt::format("wp tag {} --feature {}", flags.wp, flags.feature);
  for (const std::string& tag : flags.tags) typed += " " + tag;
  operation.attempted_operation = typed;
  operation.entity_id = flags.wp;
  auto build = [&](WorkflowSource& source, OperationInfo& op) -> Result<EmitRequest> {
    if (flags.tags.empty()) return Status::Refused("wp tag needs at least one TAG");
    for (const std::string& tag : flags.tags) KL_RETURN_IF_ERROR(ValidateName("tag", tag));
    KL_RETURN_IF_ERROR(ExistingWorkPackage(source, flags.feature, flags.wp, op).status());
    EmitRequest request;
    request.event_type = kTagsAdded;
    request.entity_id = flags.wp;
    request.entity_type = "WorkPackage";
    JsonWriter w;
    w.BeginObject();
    w.Key("tags"); w.Raw(StringArray(flags.tags));
    w.Key("feature_slug"); w.String(flags.feature);
    w.EndObject();
    request.payload_json = w.Take();
    return request;
  };
  return RunWrite(context, flags.common, operation, build, [&](const Event& event) {
    std::string tags;
    for (const std::string& tag : flags.tags) tags += " +" + EscapeForTerminal(tag);
    return fmt::format("{}/{}:{} (clock {})", EscapeForTerminal(flags.feature), EscapeForTerminal(flags.wp), tags,
                       event.lamport_clock);
  });
}

}  // namespace

void RegisterWpPartCommands(CLI::App* wp) {
  {
    auto flags = std::make_shared<WpWorkspaceFlags>();
    CLI::App* workspace = wp->add_subcommand("workspace", "Record a work package's worktree (WorkspaceCreated)");
    workspace->add_option("WP", flags->wp, "Work package id")->required();
    workspace->add_option("--feature", flags->feature, "Feature slug")->required();
    workspace->add_option("--path", flags->path, "Worktree path")->required();
    workspace->add_option("--branch", flags->branch, "Branch name")->required();
    AddCommonFlags(workspace, flags->common);
    SetHandler(workspace, [flags](CliContext& context) { return RunWpWorkspace(context, *flags); });
  }
  {
    auto flags = std::make_shared<WpSubtaskFlags>();
    CLI::App* subtask = wp->add_subcommand("subtask", "Mark a subtask done (SubtaskCompleted)");
    subtask->add_option("WP", flags->wp, "Work package id")->required();
    subtask->add_option("--feature", flags->feature, "Feature slug")->required();
    subtask->add_option("--index", flags->index, "Subtask index (>= 0)")->required();
    subtask->add_option("--text", flags->text, "Subtask text");
    AddCommonFlags(subtask, flags->common);
    SetHandler(subtask, [flags](CliContext& context) { return RunWpSubtask(context, *flags); });
  }
  {
    auto flags = std::make_shared<WpTagFlags>();
    CLI::App* tag = wp->add_subcommand("tag", "Add tags to a work package (TagsAdded; tags only grow)");
    tag->add_option("WP", flags->wp, "Work package id")->required();
    tag->add_option("TAGS", flags->tags, "Tags")->required();
    tag->add_option("--feature", flags->feature, "Feature slug")->required();
    AddCommonFlags(tag, flags->common);
    SetHandler(tag, [flags](CliContext& context) { return RunWpTag(context, *flags); });
  }
}

}  // namespace kittylog::cli
