// `kittylog emit`: the raw, schema-validated door to the log (DESIGN §10).
#include <unistd.h>

#include <iostream>
#include <iterator>

#include <fmt/format.h>
#include <simdjson.h>

#include "cli/frame/actor.h"
#include "cli/frame/cli_context.h"
#include "cli/commands/commands.h"
#include "cli/frame/display.h"
#include "event/json_writer.h"
#include "platform/file_io.h"
#include "store/store_context.h"

namespace kittylog::cli {
namespace {

struct EmitFlags {
  std::string event_type;
  std::string entity;
  std::string entity_type;
  std::string payload;
  std::string actor;
  std::string causation;
  std::string correlation;
  bool from_stdin = false;
};

// One JSONL line of `emit --stdin`: {event_type, entity_id, entity_type, payload, actor?,
// causation_id?, correlation_id?}; the store assigns event_id, lamport_clock and timestamp.
Result<EmitRequest> ParseStdinLine(simdjson::dom::parser& parser, std::string_view line, const std::string& label,
                                   const std::string& default_actor) {
  simdjson::dom::element root;
  if (auto error = parser.parse(line.data(), line.size()).get(root)) {
    return Status::Refused(fmt::format("{}: not valid JSON ({})", label, simdjson::error_message(error)));
  }
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) return Status::Refused(label + ": not a JSON object");
  EmitRequest request;
  request.actor = default_actor;
  bool has_payload = false;
  for (auto [key, value] : object) {
    std::string_view text;
    auto string_field = [&](std::string& out) -> Status {
      if (value.get_string().get(text) != simdjson::SUCCESS) {
        return Status::Refused(fmt::format("{}: {}: must be a string", label, key));
      }
      out.assign(text);
      return Status::Ok();
    };
    auto optional_field = [&](std::optional<std::string>& out) -> Status {
      if (value.is_null()) return Status::Ok();
      std::string copy;
      KL_RETURN_IF_ERROR(string_field(copy));
      out = std::move(copy);
      return Status::Ok();
    };
    if (key == "event_type") KL_RETURN_IF_ERROR(string_field(request.event_type));
    else if (key == "entity_id") KL_RETURN_IF_ERROR(string_field(request.entity_id));
    else if (key == "entity_type") KL_RETURN_IF_ERROR(string_field(request.entity_type));
    else if (key == "actor") KL_RETURN_IF_ERROR(string_field(request.actor));
    else if (key == "causation_id") KL_RETURN_IF_ERROR(optional_field(request.causation_id));
    else if (key == "correlation_id") KL_RETURN_IF_ERROR(optional_field(request.correlation_id));
    else if (key == "payload") {
      JsonWriter writer;
      writer.Element(value);
      request.payload_json = writer.Take();
      has_payload = true;
    } else if (key == "event_id" || key == "lamport_clock" || key == "timestamp" || key == "event_version") {
      return Status::Refused(fmt::format("{}: {}: assigned by the store, must not be given", label, key));
    } else {
      return Status::Refused(fmt::format("{}: {}: unknown field", label, key));
    }
  }
  if (request.event_type.empty()) return Status::Refused(label + ": event_type: required");
  if (!has_payload) return Status::Refused(label + ": payload: required");
  return request;
}

Result<std::vector<EmitRequest>> ReadStdinRequests(const std::string& default_actor, std::vector<std::string>& labels) {
  KL_ASSIGN_OR_RETURN(std::string input, platform::ReadAll(STDIN_FILENO, "stdin"));
  simdjson::dom::parser parser;
  std::vector<EmitRequest> requests;
  size_t line_number = 0, start = 0;
  while (start < input.size()) {
    size_t end = input.find('\n', start);
    if (end == std::string::npos) end = input.size();
    std::string_view line(input.data() + start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    std::string label = fmt::format("stdin:{}", line_number);
    KL_ASSIGN_OR_RETURN(EmitRequest request, ParseStdinLine(parser, line, label, default_actor));
    requests.push_back(std::move(request));
    labels.push_back(std::move(label));
  }
  return requests;
}

Status RunEmit(CliContext& context, const EmitFlags& flags) {
  KL_ASSIGN_OR_RETURN(LogLayout layout, context.Log());
  std::string actor = ResolveActor(flags.actor, layout);
  OperationInfo operation;
  operation.attempted_operation = flags.from_stdin ? "emit --stdin" : "emit " + flags.event_type;
  operation.entity_id = flags.entity;
  auto warn = [&](const std::string& warning) { context.Warn(warning); };
  // What is refused before the store opens (the JSON itself) is recorded like the rest.
  auto refuse = [&](Status refusal) {
    RecordRefusal(layout, operation, refusal, warn);
    return refusal;
  };
  std::vector<EmitRequest> requests;
  std::vector<std::string> labels;
  if (flags.from_stdin) {
    if (!flags.event_type.empty() || !flags.entity.empty() || !flags.payload.empty()) {
      return Status::Usage("emit --stdin takes the events from standard input, not from TYPE/--entity/--payload");
    }
    Result<std::vector<EmitRequest>> read = ReadStdinRequests(actor, labels);
    if (!read.ok()) return refuse(read.status());
    requests = std::move(read.value());
  } else {
    if (flags.event_type.empty() || flags.entity.empty() || flags.entity_type.empty() || flags.payload.empty()) {
      return Status::Usage("emit needs TYPE --entity ID --entity-type T --payload JSON (or --stdin)");
    }
    simdjson::dom::parser parser;
    simdjson::dom::element payload;
    if (auto error = parser.parse(flags.payload).get(payload)) {
      return refuse(Status::Refused(fmt::format("--payload: not valid JSON ({})", simdjson::error_message(error))));
    }
    EmitRequest request;
    request.event_type = flags.event_type;
    request.entity_id = flags.entity;
    request.entity_type = flags.entity_type;
    JsonWriter writer;
    writer.Element(payload);
    request.payload_json = writer.Take();
    request.actor = actor;
    request.causation_id = OptionalFlag(flags.causation);
    request.correlation_id = OptionalFlag(flags.correlation);
    requests.push_back(std::move(request));
  }

  std::vector<Event> written;
  StoreOptions options;
  options.show_progress = !context.quiet() && ::isatty(STDERR_FILENO) == 1;
  KL_RETURN_IF_ERROR(WithEventStore(
      layout, options, operation,
      [&](EventStore& store) -> Status {
        KL_ASSIGN_OR_RETURN(written, store.Emit(requests, labels));
        return Status::Ok();
      },
      warn));

  if (context.json()) {
    // One document: the written event line, or for a batch {"events":[lines...]}.
    if (!flags.from_stdin && written.size() == 1) {
      context.SetJsonResult(written[0].raw_line);
    } else {
      std::string out = "{\"events\":[";
      for (size_t i = 0; i < written.size(); ++i) out += (i ? "," : "") + written[i].raw_line;
      context.SetJsonResult(out + "]}");
    }
  } else if (!context.quiet()) {
    if (written.size() == 1) {
      fmt::print("{} clock {} {}\n", written[0].event_id, written[0].lamport_clock,
                 EscapeForTerminal(written[0].entity_id));
    } else if (!written.empty()) {
      fmt::print("{} events, clocks {}..{}\n", written.size(), written.front().lamport_clock,
                 written.back().lamport_clock);
    } else {
      fmt::print("0 events\n");
    }
  }
  return Status::Ok();
}

}  // namespace

void RegisterEmitCommand(CLI::App& app) {
  auto flags = std::make_shared<EmitFlags>();
  CLI::App* emit = app.add_subcommand("emit", "Append a validated event (or a JSONL batch from --stdin)");
  emit->add_option("TYPE", flags->event_type, "Event type (DESIGN §5)");
  emit->add_option("--entity", flags->entity, "Entity id");
  emit->add_option("--entity-type", flags->entity_type, "WorkPackage, FeatureSpec, Subtask, Gate or Workspace");
  emit->add_option("--payload", flags->payload, "Payload JSON object");
  emit->add_option("--actor", flags->actor, "Actor (default: $KITTYLOG_ACTOR, git user, OS user)");
  emit->add_option("--causation", flags->causation, "Causation id");
  emit->add_option("--correlation", flags->correlation, "Correlation id");
  emit->add_flag("--stdin", flags->from_stdin, "Read JSONL event requests from standard input (one batch)");
  SetHandler(emit, [flags](CliContext& context) { return RunEmit(context, *flags); });
}

}  // namespace kittylog::cli
