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

void ReadOptionalString(simdjson::dom::element value, std::optional<std::string>& out) {
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) out = std::string(text);
}

void ReadString(simdjson::dom::element value, std::string& out) {
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) out.assign(text);
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
  for (auto [key, value] : object) {
    if (key == "feature_slug") ReadString(value, fields.feature_slug);
    else if (key == "work_package_id") ReadString(value, fields.work_package_id);
    else if (key == "old_status") ReadString(value, fields.old_status);
    else if (key == "new_status") ReadString(value, fields.new_status);
    else if (key == "reason") ReadString(value, fields.reason);
    else if (key == "title") ReadString(value, fields.title);
    else if (key == "gate_id") ReadString(value, fields.gate_id);
    else if (key == "gate_type") ReadString(value, fields.gate_type);
    else if (key == "counter") ReadString(value, fields.counter);
    else if (key == "delta") {
      int64_t delta;
      if (value.get_int64().get(delta) == simdjson::SUCCESS) fields.delta = delta;
    } else if (key == "subtask_index") {
      int64_t index;
      if (value.get_int64().get(index) == simdjson::SUCCESS) fields.subtask_index = index;
    } else if (key == "tags" || key == "dependencies") {
      std::vector<std::string>& into = key == "tags" ? fields.tags : fields.dependencies;
      if (key == "dependencies") into.clear();  // a duplicated key: the last one wins
      simdjson::dom::array items;
      if (value.get_array().get(items) != simdjson::SUCCESS) continue;
      for (auto item : items) {
        std::string_view text;
        if (item.get_string().get(text) == simdjson::SUCCESS) into.emplace_back(text);
      }
    } else if (key == "forced") {
      bool forced = false;
      fields.forced = value.get_bool().get(forced) == simdjson::SUCCESS && forced;
    }
  }
  return fields;
}

Result<Event> EventDecoder::Decode(std::string_view line, std::vector<std::string>* notes) {
  return Decode(line, Options{}, notes);
}

Result<Event> EventDecoder::Decode(std::string_view line, const Options& options,
                                   std::vector<std::string>* notes) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  // An editor's byte order mark is an encoding mark, not data: the event after it is read (and
  // `kittylog repair` removes the mark). The bytes after the line stay the padding.
  const bool byte_order_mark = line.starts_with(kUtf8ByteOrderMark);
  if (byte_order_mark) line.remove_prefix(kUtf8ByteOrderMark.size());
  simdjson::dom::element root;
  if (auto error = parser_.parse(line.data(), line.size(), false).get(root)) {
    return Status::Refused(ErrorReason(error));
  }
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) return Status::Refused("not a JSON object");

  Event event;
  bool has_id = false;
  bool clock_seen = false;
  bool clock_valid = false;
  for (auto [key, value] : object) {
    if (key == "event_id") {
      std::string_view id;
      if (value.get_string().get(id) == simdjson::SUCCESS) {
        event.event_id.assign(id);
        has_id = true;
      }
    } else if (key == "event_type") {
      ReadString(value, event.event_type);
    } else if (key == "event_version") {
      int64_t version;
      if (value.get_int64().get(version) == simdjson::SUCCESS) event.event_version = version;
    } else if (key == "lamport_clock") {
      clock_seen = true;
      int64_t clock = 0;
      clock_valid = value.get_int64().get(clock) == simdjson::SUCCESS && IsValidLamportClock(clock);
      event.lamport_clock = clock_valid ? clock : 0;
    } else if (key == "entity_id") {
      ReadString(value, event.entity_id);
    } else if (key == "entity_type") {
      ReadString(value, event.entity_type);
    } else if (key == "timestamp") {
      ReadString(value, event.timestamp);
    } else if (key == "actor") {
      ReadString(value, event.actor);
    } else if (key == "causation_id") {
      ReadOptionalString(value, event.causation_id);
    } else if (key == "correlation_id") {
      ReadOptionalString(value, event.correlation_id);
    } else if (key == "payload") {
      event.payload = ExtractPayloadFields(value);
      // A payload that is not an object reads as absent ("{}"), like any other mistyped field.
      // With a duplicated key the last one wins, for the fields and the JSON alike.
      if (options.keep_payload_json && value.is_object()) {
        JsonWriter writer;
        writer.Element(value);
        event.payload_json = writer.Take();
      } else if (options.keep_payload_json) {
        event.payload_json = "{}";
      }
    }
  }
  if (!has_id) return Status::Refused("no string event_id: not an event");
  // Out of range, a clock could order the line anywhere and push every clock that witnesses it
  // to the end of the range: such a line is not an event (DESIGN §2).
  if (!clock_seen) return Status::Refused("lamport_clock is missing: not an event");
  if (!clock_valid) return Status::Refused(std::string(kClockRule) + ": not an event");
  if (notes) {
    if (byte_order_mark) notes->push_back("UTF-8 byte order mark before the event (`kittylog repair` removes it)");
    if (!IsValidUlid(event.event_id)) notes->push_back("event_id is not a valid ULID");
  }
  if (options.keep_raw_line) event.raw_line.assign(line);
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
