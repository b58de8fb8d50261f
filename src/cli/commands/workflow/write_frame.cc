// The frame of the workflow's writing commands (cli/commands/workflow/write_frame.h).
#include "cli/commands/workflow/write_frame.h"

#include <unistd.h>

#include <fmt/format.h>

#include "cli/frame/actor.h"
#include "event/event_validation.h"
#include "event/json_writer.h"

namespace kittylog::cli {

void AddCommonFlags(CLI::App* command, CommonFlags& flags) {
  command->add_option("--actor", flags.actor, "Actor (default: $KITTYLOG_ACTOR, git user, OS user)");
  command->add_option("--causation", flags.causation, "Causation id (the operation that caused this)");
  command->add_option("--correlation", flags.correlation, "Correlation id (workflow or session)");
}

Status RunWrite(CliContext& context, const CommonFlags& flags, OperationInfo operation,
                const RequestBuilder& build, const Describe& describe) {
  KL_ASSIGN_OR_RETURN(LogLayout layout, context.Log());
  const std::string actor = ResolveActor(flags.actor, layout);
  auto warn = [&](const std::string& warning) { context.Warn(warning); };
  StoreOptions options;
  options.show_progress = !context.quiet() && ::isatty(STDERR_FILENO) == 1;
  std::vector<Event> written;
  KL_RETURN_IF_ERROR(WithEventStore(
      layout, options, operation,
      [&](EventStore& store) -> Status {
        std::unique_ptr<WorkflowSource> source = WorkflowSource::ForStore(store, warn);
        KL_ASSIGN_OR_RETURN(EmitRequest request, build(*source, operation));
        request.actor = actor;
        request.causation_id = OptionalFlag(flags.causation);
        request.correlation_id = OptionalFlag(flags.correlation);
        KL_ASSIGN_OR_RETURN(written, store.Emit({request}));
        return Status::Ok();
      },
      warn));
  if (context.json()) {
    if (!written.empty()) context.SetJsonResult(written.back().raw_line);  // one event per command
  } else if (!context.quiet()) {
    for (const Event& event : written) fmt::print("{}\n", describe(event));
  }
  return Status::Ok();
}

Status CheckSlug(const std::string& slug) {
  if (!IsValidFeatureSlug(slug)) {
    return Status::Refused(fmt::format("feature \"{}\": must match ^[0-9]{{3}}-[a-z0-9-]+$", slug));
  }
  return Status::Ok();
}

// The feature, which must exist.
Result<FeatureState> ExistingFeature(WorkflowSource& source, const std::string& slug, OperationInfo& operation) {
  KL_RETURN_IF_ERROR(CheckSlug(slug));
  KL_ASSIGN_OR_RETURN(std::optional<FeatureState> feature, source.Feature(slug));
  if (!feature || !feature->created) {
    operation.error_type = "UnknownEntity";
    return Status::Refused(fmt::format("unknown feature {} (create it with `kittylog spec create {} --title ...`)",
                                       slug, slug));
  }
  return std::move(*feature);
}

// The work package, which must exist in the feature.
Result<WorkPackageState> ExistingWorkPackage(WorkflowSource& source, const std::string& slug, const std::string& wp,
                                             OperationInfo& operation) {
  KL_ASSIGN_OR_RETURN(FeatureState feature, ExistingFeature(source, slug, operation));
  std::string known;
  for (const WorkPackageState& state : feature.work_packages) {
    if (state.id == wp && state.created) return state;
    if (state.created) known += (known.empty() ? "" : ", ") + state.id;
  }
  operation.error_type = "UnknownEntity";
  return Status::Refused(fmt::format("unknown work package {} in feature {} (known: {})", wp, slug,
                                     known.empty() ? "none" : known));
}

std::string StringArray(const std::vector<std::string>& values) {
  JsonWriter writer;
  writer.BeginArray();
  for (const std::string& value : values) writer.String(value);
  writer.EndArray();
  return writer.Take();
}

}  // namespace kittylog::cli
