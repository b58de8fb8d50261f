#include "event/event_codec.h"

#include <fmt/format.h>

#include "event/json_writer.h"
#include "event/ulid.h"

namespace kittylog {
namespace {

std::string ErrorReason(simdjson::error_code error) {
  switch (error) {
    case simdjson::UTF8_ERROR: return "not valid UTF-8";
    case simdjson::DEPTH_ERROR: return "JSON nested too deeply";
    case simdjson::EMPTY: return "empty line";
    case simdjson::UNCLOSED_STRING: return "not valid JSON (unclosed string)";
    case simdjson::CAPACITY: return "line too large";
    default: return fmt::format("not valid JSON ({})", simdjson::error_message(error));
  }
}

}  // namespace

std::string EncodeEventLine(const Event& event) {
  JsonWriter w;
  // Keys and punctuation take about 190 bytes; the values, plus a little for escapes.
  w.Reserve(224 + event.event_id.size() + event.event_type.size() + event.entity_id.size() +
            event.entity_type.size() + event.timestamp.size() + event.actor.size() +
            event.causation_id.value_or("").size() + event.correlation_id.value_or("").size() +
            event.payload_json.size());
  w.BeginObject();
  w.Key("event_id"); w.String(event.event_id);
  w.Key("event_type"); w.String(event.event_type);
  w.Key("event_version"); w.Int(event.event_version);
  w.Key("lamport_clock"); w.Int(event.lamport_clock);
  w.Key("entity_id"); w.String(event.entity_id);
  w.Key("entity_type"); w.String(event.entity_type);
  w.Key("timestamp"); w.String(event.timestamp);
  w.Key("actor"); w.String(event.actor);
  w.Key("causation_id");
  if (event.causation_id) w.String(*event.causation_id); else w.Null();
  w.Key("correlation_id");
  if (event.correlation_id) w.String(*event.correlation_id); else w.Null();
  w.Key("payload"); w.Raw(event.payload_json.empty() ? std::string_view("{}") : event.payload_json);
  w.EndObject();
  return w.Take();
}

PayloadFields ExtractPayloadFields(simdjson::dom::element payload) {
  PayloadFields fields;
  simdjson::dom::object object;
  if (payload.get_object().get(object) != simdjson::SUCCESS) return fields;
  PayloadView view;
  for (auto [key, value] : object) {
    if (ReadPayloadField(key, value, DuplicateKeys::kLastValidWins, view)) continue;
    if (key == "tags" || key == "dependencies") {
      std::vector<std::string>& into = key == "tags" ? fields.tags : fields.dependencies;
      if (key == "dependencies") into.clear();  // a duplicated key: the last one wins
      simdjson::dom::array items;
      if (value.get_array().get(items) != simdjson::SUCCESS) continue;
      for (auto item : items) {
        std::string_view text;
        if (item.get_string().get(text) == simdjson::SUCCESS) into.emplace_back(text);
      }
    }
  }
  fields.feature_slug.assign(view.feature_slug);
  fields.work_package_id.assign(view.work_package_id);
  fields.old_status.assign(view.old_status);
  fields.new_status.assign(view.new_status);
  fields.reason.assign(view.reason);
  fields.title.assign(view.title);
  fields.gate_id.assign(view.gate_id);
  fields.gate_type.assign(view.gate_type);
  fields.counter.assign(view.counter);
  fields.delta = view.delta;
  fields.subtask_index = view.subtask_index;
  fields.forced = view.forced;
  return fields;
}

Result<Event> EventDecoder::Decode(std::string_view line, std::vector<std::string>* notes) {
  return Decode(line, Options{}, notes);
}

Result<Event> EventDecoder::Decode(std::string_view line, const Options& options,
                                   std::vector<std::string>* notes) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  EventLineReader::Options read;
  read.fields = LineFields::kTopLevel;  // the payload's fields come from ExtractPayloadFields (tags too)
  const EventLineView view = reader_.Read(line, read);
  if (!view.is_object) {
    if (view.json_error != simdjson::SUCCESS) return Status::Refused(ErrorReason(view.json_error));
    return Status::Refused("not a JSON object");
  }
  if (!view.has_id) return Status::Refused("no string event_id: not an event");
  // Out of range, a clock could order the line anywhere and push every clock that witnesses it
  // to the end of the range: such a line is not an event (DESIGN §2).
  if (!view.clock_seen) return Status::Refused("lamport_clock is missing: not an event");
  if (!view.clock_valid) return Status::Refused(std::string(kClockRule) + ": not an event");

  Event event;
  event.event_id.assign(view.event_id);
  event.event_type.assign(view.event_type);
  if (view.event_version) event.event_version = *view.event_version;
  event.lamport_clock = view.lamport_clock;
  event.entity_id.assign(view.entity_id);
  event.entity_type.assign(view.entity_type);
  event.timestamp.assign(view.timestamp);
  event.actor.assign(view.actor);
  if (view.causation_id) event.causation_id = std::string(*view.causation_id);
  if (view.correlation_id) event.correlation_id = std::string(*view.correlation_id);
  if (view.has_payload) {
    event.payload = ExtractPayloadFields(view.payload);
    // A payload that is not an object reads as absent ("{}"), like any other mistyped field.
    // With a duplicated key the last one wins, for the fields and the JSON alike.
    if (options.keep_payload_json && view.payload.is_object()) {
      JsonWriter writer;
      writer.Element(view.payload);
      event.payload_json = writer.Take();
    } else if (options.keep_payload_json) {
      event.payload_json = "{}";
    }
  }
  if (notes) {
    if (view.byte_order_mark) notes->push_back("UTF-8 byte order mark before the event (`kittylog repair` removes it)");
    if (!IsValidUlid(event.event_id)) notes->push_back("event_id is not a valid ULID");
  }
  if (options.keep_raw_line) event.raw_line.assign(view.byte_order_mark ? line.substr(kUtf8ByteOrderMark.size()) : line);
  return event;
}

Result<Event> EventDecoder::DecodeUnpadded(std::string_view line, std::vector<std::string>* notes) {
  simdjson::padded_string padded(line);
  Options options;
  options.keep_payload_json = true;
  Result<Event> result = Decode(std::string_view(padded.data(), padded.size()), options, notes);
  return result;
}

}  // namespace kittylog
