// Internal to the workflow's writing commands (spec_wp_commands.cc, wp_part_commands.cc,
// gate_commands.cc): the frame every one of them runs in.
//
// RunWrite opens the store context (writer lock, index, error log), asks the command's builder
// for the event to emit given the current state, emits it, and prints it (the event line with
// --json, one human line otherwise). A builder refuses with Status::Refused; the store context
// then records the refusal in the error log with `operation` as the builder left it (builders
// set error_type and context_json before refusing), and nothing else is written.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "base/status.h"
#include "cli/frame/cli_context.h"
#include "store/store_context.h"
#include "workflow/source/workflow_source.h"

namespace kittylog::cli {

// Flags every writing command takes.
struct CommonFlags {
  std::string actor;
  std::string causation;
  std::string correlation;
};
void AddCommonFlags(CLI::App* command, CommonFlags& flags);

using RequestBuilder = std::function<Result<EmitRequest>(WorkflowSource& source, OperationInfo& operation)>;
using Describe = std::function<std::string(const Event& written)>;

Status RunWrite(CliContext& context, const CommonFlags& flags, OperationInfo operation, const RequestBuilder& build,
                const Describe& describe);

// Refused unless `slug` is a valid feature slug.
Status CheckSlug(const std::string& slug);

// The feature / work package, which must exist (else Refused, error_type "UnknownEntity").
Result<FeatureState> ExistingFeature(WorkflowSource& source, const std::string& slug, OperationInfo& operation);
Result<WorkPackageState> ExistingWorkPackage(WorkflowSource& source, const std::string& slug, const std::string& wp,
                                             OperationInfo& operation);

// A compact JSON array of strings.
std::string StringArray(const std::vector<std::string>& values);

// Registration of the other writing groups (called by RegisterWorkflowCommands).
void RegisterWpPartCommands(CLI::App* wp);   // wp workspace, wp subtask, wp tag
void RegisterGateCommands(CLI::App& app);    // gate create, gate result

}  // namespace kittylog::cli
