#include "event/event_validation.h"

#include <fmt/format.h>

#include "event/event_codec.h"
#include "event/event_types.h"
#include "event/json_writer.h"
#include "event/timestamp.h"
#include "event/ulid.h"

namespace kittylog {
namespace {

enum class Kind {
  kText,        // any string
  kName,        // ValidateName rules
  kSlug,        // feature slug
  kLane,        // WP status
  kGateType,
  kGateStatus,
  kInt,
  kNonNegativeInt,
  kObject,
  kBool,
  kNameArray,   // array of names (may be empty)
  kTagArray,    // non-empty array of names
  kGateResults  // [{gate_type, status, details}]
};

struct FieldRule {
  std::string_view name;
  Kind kind;
  bool required;
};

struct TypeRule {
  std::string_view event_type;
  std::vector<std::string_view> entity_types;  // empty = any registered entity type
  std::vector<FieldRule> fields;
};

const std::vector<TypeRule>& TypeRules() {
  static const std::vector<TypeRule> kRules = {
      {kSpecCreated, {"FeatureSpec"},
       {{"feature_slug", Kind::kSlug, true}, {"title", Kind::kName, true}, {"mission", Kind::kText, false},
        {"created_by", Kind::kText, false}}},
      {kWPCreated, {"WorkPackage"},
       {{"feature_slug", Kind::kSlug, true}, {"work_package_id", Kind::kName, true}, {"title", Kind::kName, true},
        {"dependencies", Kind::kNameArray, false}}},
      {kWPStatusChanged, {"WorkPackage"},
       {{"feature_slug", Kind::kSlug, true}, {"old_status", Kind::kLane, true}, {"new_status", Kind::kLane, true},
        {"reason", Kind::kText, false}, {"gate_results", Kind::kGateResults, false},
        {"dependency_status", Kind::kObject, false}, {"forced", Kind::kBool, false}}},
      {kWorkspaceCreated, {"Workspace", "WorkPackage"},
       {{"work_package_id", Kind::kName, true}, {"worktree_path", Kind::kName, true},
        {"branch_name", Kind::kName, true}, {"feature_slug", Kind::kSlug, false}}},
      {kSubtaskCompleted, {"Subtask", "WorkPackage"},
       {{"work_package_id", Kind::kName, true}, {"subtask_index", Kind::kNonNegativeInt, true},
        {"subtask_text", Kind::kText, false}, {"feature_slug", Kind::kSlug, false}}},
      {kGateCreated, {"Gate"},
       {{"work_package_id", Kind::kName, true}, {"gate_type", Kind::kGateType, true}, {"gate_id", Kind::kName, true},
        {"feature_slug", Kind::kSlug, false}}},
      {kGateResultChanged, {"Gate"},
       {{"gate_id", Kind::kName, true}, {"old_status", Kind::kGateStatus, true},
        {"new_status", Kind::kGateStatus, true}, {"result_data", Kind::kObject, false}}},
      // feature_slug is optional here so that tags and counters of a work package can name it.
      {kTagsAdded, {}, {{"tags", Kind::kTagArray, true}, {"feature_slug", Kind::kSlug, false}}},
      {kCounterIncremented, {},
       {{"counter", Kind::kName, true}, {"delta", Kind::kInt, true}, {"feature_slug", Kind::kSlug, false}}},
  };
  return kRules;
}

std::string_view KindRule(Kind kind) {
  switch (kind) {
    case Kind::kText: return "must be a string";
    case Kind::kName: return "must be a non-empty string without control characters (at most 256 bytes)";
    case Kind::kSlug: return "must match ^[0-9]{3}-[a-z0-9-]+$";
    case Kind::kLane: return "must be one of planned, doing, for_review, done, rejected";
    case Kind::kGateType: return "must be one of CI_CHECK, SECURITY_SCAN, MANUAL_REVIEW, ARCHITECTURE_REVIEW";
    case Kind::kGateStatus: return "must be one of pending, passed, failed";
    case Kind::kInt: return "must be an integer";
    case Kind::kNonNegativeInt: return "must be an integer >= 0";
    case Kind::kObject: return "must be an object";
    case Kind::kBool: return "must be true or false";
    case Kind::kNameArray: return "must be an array of non-empty strings without control characters";
    case Kind::kTagArray: return "must be a non-empty array of non-empty strings without control characters";
    case Kind::kGateResults: return "must be an array of {gate_type, status, details}";
  }
  return "is invalid";
}

bool IsName(std::string_view value) { return ValidateName("", value).ok(); }

bool CheckNameArray(simdjson::dom::element value, bool non_empty) {
  simdjson::dom::array array;
  if (value.get_array().get(array) != simdjson::SUCCESS) return false;
  size_t count = 0;
  for (auto item : array) {
    std::string_view text;
    if (item.get_string().get(text) != simdjson::SUCCESS || !IsName(text)) return false;
    ++count;
  }
  return !non_empty || count > 0;
}

bool CheckGateResults(simdjson::dom::element value) {
  simdjson::dom::array array;
  if (value.get_array().get(array) != simdjson::SUCCESS) return false;
  for (auto item : array) {
    simdjson::dom::object object;
    if (item.get_object().get(object) != simdjson::SUCCESS) return false;
    bool has_type = false, has_status = false;
    for (auto [key, field] : object) {
      std::string_view text;
      if (key == "gate_type") {
        if (field.get_string().get(text) != simdjson::SUCCESS || !IsOneOf(text, kGateTypes)) return false;
        has_type = true;
      } else if (key == "status") {
        if (field.get_string().get(text) != simdjson::SUCCESS || !IsOneOf(text, kGateStatuses)) return false;
        has_status = true;
      } else if (key != "details") {
        return false;
      }
    }
    if (!has_type || !has_status) return false;
  }
  return true;
}

bool CheckKind(Kind kind, simdjson::dom::element value) {
  std::string_view text;
  int64_t number;
  switch (kind) {
    case Kind::kText: return value.get_string().get(text) == simdjson::SUCCESS;
    case Kind::kName: return value.get_string().get(text) == simdjson::SUCCESS && IsName(text);
    case Kind::kSlug: return value.get_string().get(text) == simdjson::SUCCESS && IsValidFeatureSlug(text);
    case Kind::kLane: return value.get_string().get(text) == simdjson::SUCCESS && IsOneOf(text, kLanes);
    case Kind::kGateType: return value.get_string().get(text) == simdjson::SUCCESS && IsOneOf(text, kGateTypes);
    case Kind::kGateStatus:
      return value.get_string().get(text) == simdjson::SUCCESS && IsOneOf(text, kGateStatuses);
    case Kind::kInt: return value.get_int64().get(number) == simdjson::SUCCESS;
    case Kind::kNonNegativeInt: return value.get_int64().get(number) == simdjson::SUCCESS && number >= 0;
    case Kind::kObject: return value.is_object();
    case Kind::kBool: return value.is_bool();
    case Kind::kNameArray: return CheckNameArray(value, false);
    case Kind::kTagArray: return CheckNameArray(value, true);
    case Kind::kGateResults: return CheckGateResults(value);
  }
  return false;
}

Status ValidateOptionalName(std::string_view field, const std::optional<std::string>& value) {
  if (!value) return Status::Ok();
  return ValidateName(field, *value);
}

}  // namespace

Status ValidateName(std::string_view field, std::string_view value) {
  if (value.empty()) return Status::Refused(fmt::format("{}: must not be empty", field));
  if (value.size() > 256) return Status::Refused(fmt::format("{}: must be at most 256 bytes", field));
  if (!simdjson::validate_utf8(value.data(), value.size())) {
    return Status::Refused(fmt::format("{}: must be valid UTF-8", field));
  }
  for (char c : value) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      return Status::Refused(fmt::format("{}: must not contain control characters", field));
    }
  }
  return Status::Ok();
}

bool IsValidFeatureSlug(std::string_view slug) {
  if (slug.size() < 5 || slug[3] != '-') return false;
  for (size_t i = 0; i < 3; ++i) {
    if (slug[i] < '0' || slug[i] > '9') return false;
  }
  for (size_t i = 4; i < slug.size(); ++i) {
    char c = slug[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

Status ValidatePayload(std::string_view event_type, std::string_view entity_type,
                       simdjson::dom::element payload, std::string& canonical_json, PayloadFields& fields) {
  const TypeRule* rule = nullptr;
  for (const TypeRule& candidate : TypeRules()) {
    if (candidate.event_type == event_type) rule = &candidate;
  }
  if (rule == nullptr) {
    return Status::Refused(
        fmt::format("event_type: unknown type \"{}\" (registered: {})", event_type, fmt::join(kEventTypes, ", ")));
  }
  if (!IsOneOf(entity_type, kEntityTypes)) {
    return Status::Refused(fmt::format(
        "entity_type: must be one of WorkPackage, FeatureSpec, Subtask, Gate, Workspace (got \"{}\")", entity_type));
  }
  if (!rule->entity_types.empty()) {
    bool allowed = false;
    for (std::string_view type : rule->entity_types) allowed |= type == entity_type;
    if (!allowed) {
      return Status::Refused(fmt::format("entity_type: {} events apply to {}, not {}", event_type,
                                         fmt::join(rule->entity_types, " or "), entity_type));
    }
  }
  simdjson::dom::object object;
  if (payload.get_object().get(object) != simdjson::SUCCESS) {
    return Status::Refused("payload: must be a JSON object");
  }
  for (auto [key, value] : object) {
    const FieldRule* field_rule = nullptr;
    for (const FieldRule& candidate : rule->fields) {
      if (candidate.name == key) field_rule = &candidate;
    }
    if (field_rule == nullptr) {
      return Status::Refused(fmt::format("payload.{}: unknown field for {}", key, event_type));
    }
    if (!CheckKind(field_rule->kind, value)) {
      return Status::Refused(fmt::format("payload.{}: {}", key, KindRule(field_rule->kind)));
    }
  }
  for (const FieldRule& field_rule : rule->fields) {
    if (field_rule.required && object.at_key(field_rule.name).error() != simdjson::SUCCESS) {
      return Status::Refused(fmt::format("payload.{}: required for {}", field_rule.name, event_type));
    }
  }
  JsonWriter writer;
  writer.Element(payload);
  canonical_json = writer.Take();
  fields = ExtractPayloadFields(payload);
  // A guard overridden without a word would be an unexplained hole in the record (DESIGN §5).
  if (event_type == kWPStatusChanged && fields.forced &&
      fields.reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::Refused("payload.reason: required, not blank, when forced is true");
  }
  return Status::Ok();
}

Status ValidateEvent(Event& event, simdjson::dom::parser& parser) {
  if (!IsValidUlid(event.event_id)) {
    return Status::Refused("event_id: must be a ULID (26 chars Crockford base32, first char 0-7)");
  }
  if (event.event_version != kCurrentEventVersion) return Status::Refused("event_version: must be 1");
  if (!IsValidLamportClock(event.lamport_clock)) return Status::Refused("lamport_clock: must be an integer in 1..2^53-1");
  KL_RETURN_IF_ERROR(ValidateName("entity_id", event.entity_id));
  KL_RETURN_IF_ERROR(ValidateName("actor", event.actor));
  KL_RETURN_IF_ERROR(ValidateOptionalName("causation_id", event.causation_id));
  KL_RETURN_IF_ERROR(ValidateOptionalName("correlation_id", event.correlation_id));
  if (!ParseTimestamp(event.timestamp)) {
    return Status::Refused("timestamp: must be RFC 3339 UTC with milliseconds (2026-01-27T10:30:00.123Z)");
  }
  simdjson::dom::element payload;
  if (auto error = parser.parse(event.payload_json).get(payload)) {
    return Status::Refused(fmt::format("payload: not valid JSON ({})", simdjson::error_message(error)));
  }
  KL_RETURN_IF_ERROR(ValidatePayload(event.event_type, event.entity_type, payload, event.payload_json, event.payload));
  if (event.event_type == kWPCreated && event.payload.work_package_id != event.entity_id) {
    return Status::Refused("payload.work_package_id: must equal entity_id for WPCreated");
  }
  return Status::Ok();
}

}  // namespace kittylog
