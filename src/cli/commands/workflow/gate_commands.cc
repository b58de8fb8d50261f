// `gate create`, `gate result` (DESIGN §5, §10; docs/workflow.md): quality gates of work
// packages; a gate starts pending and its result's old_status is the gate's replayed status.
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

struct GateCreateFlags {
  CommonFlags common;
  std::string gate;
  std::string wp;
  std::string type;
  std::string feature;
};

std::string GateTypesList() {
  std::string types;
  for (std::string_view type : kGateTypes) types += (types.empty() ? "" : ", ") + std::string(type);
  return types;
}

Status RunGateCreate(CliContext& context, const GateCreateFlags& flags) {
  OperationInfo operation;
  operation.attempted_operation =
      fmt::format("gate create {} --wp {} --type {} --feature {}", flags.gate, flags.wp, flags.type, flags.feature);
  operation.entity_id = flags.gate;
  auto build = [&](WorkflowSource& source, OperationInfo& op) -> Result<EmitRequest> {
    KL_RETURN_IF_ERROR(ValidateName("gate id", flags.gate));
    if (!IsOneOf(flags.type, kGateTypes)) {
      return Status::Refused(fmt::format("unknown gate type \"{}\" (types: {})", flags.type, GateTypesList()));
    }
    KL_RETURN_IF_ERROR(ExistingWorkPackage(source, flags.feature, flags.wp, op).status());
    KL_ASSIGN_OR_RETURN(std::optional<GateState> existing, source.Gate(flags.gate));
    if (existing) {
      op.error_type = "AlreadyExists";
      return Status::Refused(fmt::format("gate {} already exists ({} for {}/{})", flags.gate, existing->gate_type,
                                         existing->feature_slug, existing->work_package_id));
    }
    EmitRequest request;
    request.event_type = kGateCreated;
    request.entity_id = flags.gate;
    request.entity_type = "Gate";
    JsonWriter w;
    w.BeginObject();
    w.Key("work_package_id"); w.String(flags.wp);
    w.Key("gate_type"); w.String(flags.type);
    w.Key("gate_id"); w.String(flags.gate);
    w.Key("feature_slug"); w.String(flags.feature);
    w.EndObject();
    request.payload_json = w.Take();
    return request;
  };
  return RunWrite(context, flags.common, operation, build, [&](const Event& event) {
    return fmt::format("gate {}: {} for {}/{}, pending (clock {})", EscapeForTerminal(flags.gate), flags.type,
                       EscapeForTerminal(flags.feature), EscapeForTerminal(flags.wp), event.lamport_clock);
  });
}

struct GateResultFlags {
  CommonFlags common;
  std::string gate;
  std::string status;
  std::string data;
};

Status RunGateResult(CliContext& context, const GateResultFlags& flags) {
  OperationInfo operation;
  operation.attempted_operation = fmt::format("gate result {} --status {}", flags.gate, flags.status);
  operation.entity_id = flags.gate;
  std::string from;
  auto build = [&](WorkflowSource& source, OperationInfo& op) -> Result<EmitRequest> {
    if (!IsOneOf(flags.status, kGateStatuses)) {
      return Status::Refused(fmt::format("unknown gate status \"{}\" (pending, passed, failed)", flags.status));
    }
    std::string data = "{}";
    if (!flags.data.empty()) {
      simdjson::dom::parser parser;
      simdjson::dom::element element;
      if (auto error = parser.parse(flags.data).get(element)) {
        return Status::Refused(fmt::format("--data: not valid JSON ({})", simdjson::error_message(error)));
      }
      if (!element.is_object()) return Status::Refused("--data: must be a JSON object");
      JsonWriter writer;
      writer.Element(element);
      data = writer.Take();
    }
    KL_ASSIGN_OR_RETURN(std::optional<GateState> gate, source.Gate(flags.gate));
    if (!gate) {
      op.error_type = "UnknownEntity";
      return Status::Refused(fmt::format("unknown gate {} (create it with `kittylog gate create`)", flags.gate));
    }
    from = gate->status;
    EmitRequest request;
    request.event_type = kGateResultChanged;
    request.entity_id = flags.gate;
    request.entity_type = "Gate";
    JsonWriter w;
    w.BeginObject();
    w.Key("gate_id"); w.String(flags.gate);
    w.Key("old_status"); w.String(gate->status);
    w.Key("new_status"); w.String(flags.status);
    w.Key("result_data"); w.Raw(data);
    w.EndObject();
    request.payload_json = w.Take();
    return request;
  };
  return RunWrite(context, flags.common, operation, build, [&](const Event& event) {
    return fmt::format("gate {}: {} -> {} (clock {})", EscapeForTerminal(flags.gate), from, flags.status,
                       event.lamport_clock);
  });
}

}  // namespace

void RegisterGateCommands(CLI::App& app) {
  CLI::App* gate = app.add_subcommand("gate", "Quality gates of work packages");
  {
    auto flags = std::make_shared<GateCreateFlags>();
    CLI::App* create = gate->add_subcommand("create", "Create a gate for a work package (GateCreated)");
    create->add_option("GATE", flags->gate, "Gate id, e.g. gate-ci-WP01")->required();
    create->add_option("--wp", flags->wp, "Work package id")->required();
    create->add_option("--type", flags->type, "CI_CHECK, SECURITY_SCAN, MANUAL_REVIEW or ARCHITECTURE_REVIEW")
        ->required();
    create->add_option("--feature", flags->feature, "Feature slug")->required();
    AddCommonFlags(create, flags->common);
    SetHandler(create, [flags](CliContext& context) { return RunGateCreate(context, *flags); });
  }
  {
    auto flags = std::make_shared<GateResultFlags>();
    CLI::App* result = gate->add_subcommand("result", "Record a gate's result (GateResultChanged)");
    result->add_option("GATE", flags->gate, "Gate id")->required();
    result->add_option("--status", flags->status, "pending, passed or failed")->required();
    result->add_option("--data", flags->data, "Result data, a JSON object");
    AddCommonFlags(result, flags->common);
    SetHandler(result, [flags](CliContext& context) { return RunGateResult(context, *flags); });
  }
}

}  // namespace kittylog::cli
