#include "event/event_validation.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "event/event_codec.h"
#include "event/test_samples.h"

namespace kittylog {
namespace {

using testing::PayloadSample;
using testing::PayloadSamples;
using testing::SampleEvent;
using testing::SamplePayload;

const PayloadSample& Sample(std::string_view event_type) {
  for (const PayloadSample& sample : PayloadSamples()) {
    if (sample.event_type == event_type) return sample;
  }
  ADD_FAILURE() << "no sample for " << event_type;
  return PayloadSamples()[0];
}

Status Validate(Event& event) {
  simdjson::dom::parser parser;
  return ValidateEvent(event, parser);
}

// Validates `sample`'s event with `payload_json` as its payload.
Status ValidateWithPayload(const PayloadSample& sample, std::string payload_json) {
  Event event = SampleEvent(sample);
  event.payload_json = std::move(payload_json);
  return Validate(event);
}

// The sample's payload with `field` set to the raw JSON `value` (added at the end when absent).
std::string PayloadWith(const PayloadSample& sample, std::string_view field, std::string_view value) {
  std::string out = "{";
  bool replaced = false;
  for (const auto& [key, original] : sample.fields) {
    if (out.size() > 1) out += ',';
    out += "\"" + std::string(key) + "\":";
    if (key == field) {
      out += value;
      replaced = true;
    } else {
      out += original;
    }
  }
  if (!replaced) out += ",\"" + std::string(field) + "\":" + std::string(value);
  return out + "}";
}

void ExpectRefused(const Status& status, std::string_view message) {
  EXPECT_FALSE(status.ok()) << "expected refusal: " << message;
  EXPECT_EQ(status.kind(), ErrorKind::kRefused);
  EXPECT_EQ(status.message(), message);
}

TEST(ValidateEventTest, EverySampleIsValid) {
  for (const PayloadSample& sample : PayloadSamples()) {
    Event event = SampleEvent(sample);
    Status status = Validate(event);
    EXPECT_TRUE(status.ok()) << sample.event_type << ": " << status.message();
    EXPECT_EQ(event.payload_json, SamplePayload(sample)) << "canonical payload is unchanged";
  }
}

TEST(ValidateEventTest, ValidatedEventsRoundTripThroughTheCodec) {
  for (const PayloadSample& sample : PayloadSamples()) {
    Event event = SampleEvent(sample);
    ASSERT_TRUE(Validate(event).ok());
    std::string line = EncodeEventLine(event);
    EventDecoder decoder;
    Result<Event> decoded = decoder.DecodeUnpadded(line);
    ASSERT_TRUE(decoded.ok());
    EXPECT_TRUE(Validate(*decoded).ok()) << line;
    EXPECT_EQ(EncodeEventLine(*decoded), line);
  }
}

TEST(ValidateEventTest, OnlyRequiredFieldsIsEnough) {
  for (const PayloadSample& sample : PayloadSamples()) {
    std::string payload = "{";
    for (const auto& [key, value] : sample.fields) {
      bool required = false;
      for (std::string_view name : sample.required) required |= name == key;
      if (!required) continue;
      if (payload.size() > 1) payload += ',';
      payload += "\"" + std::string(key) + "\":" + std::string(value);
    }
    payload += "}";
    Status status = ValidateWithPayload(sample, payload);
    EXPECT_TRUE(status.ok()) << sample.event_type << " " << payload << ": " << status.message();
  }
}

TEST(ValidateEventTest, CanonicalisesAndExtractsThePayload) {
  Event event = SampleEvent(Sample("WPStatusChanged"));
  event.payload_json = R"( { "feature_slug" : "025-cli-event-log" , "old_status":"doing",
                            "new_status" : "for_review", "reason" : "Caf\u00e9 \ud83d\ude00 \u0001 \/" } )";
  ASSERT_TRUE(Validate(event).ok());
  EXPECT_EQ(event.payload_json,
            "{\"feature_slug\":\"025-cli-event-log\",\"old_status\":\"doing\",\"new_status\":\"for_review\","
            "\"reason\":\"Café 😀 \\u0001 /\"}");
  EXPECT_EQ(event.payload.feature_slug, "025-cli-event-log");
  EXPECT_EQ(event.payload.old_status, "doing");
  EXPECT_EQ(event.payload.new_status, "for_review");
}

TEST(ValidateEventTest, EachRequiredFieldMissingForEachType) {
  for (const PayloadSample& sample : PayloadSamples()) {
    for (std::string_view field : sample.required) {
      SCOPED_TRACE(std::string(sample.event_type) + "." + std::string(field));
      ExpectRefused(ValidateWithPayload(sample, SamplePayload(sample, field)),
                    "payload." + std::string(field) + ": required for " + std::string(sample.event_type));
    }
  }
}

TEST(ValidateEventTest, UnknownPayloadFieldIsRefusedForEachType) {
  for (const PayloadSample& sample : PayloadSamples()) {
    ExpectRefused(ValidateWithPayload(sample, PayloadWith(sample, "colour", R"("red")")),
                  "payload.colour: unknown field for " + std::string(sample.event_type));
  }
}

TEST(ValidateEventTest, UnknownEventTypeIsRefused) {
  Event event = SampleEvent(Sample("SpecCreated"));
  event.event_type = "FeatureArchived";
  Status status = Validate(event);
  EXPECT_FALSE(status.ok());
  EXPECT_TRUE(status.message().starts_with("event_type: unknown type \"FeatureArchived\" (registered: SpecCreated,"))
      << status.message();
  event.event_type = "";
  EXPECT_TRUE(Validate(event).message().starts_with("event_type: unknown type \"\""));
  event.event_type = "speccreated";
  EXPECT_FALSE(Validate(event).ok());
}

TEST(ValidateEventTest, EntityTypeMustBeRegistered) {
  Event event = SampleEvent(Sample("TagsAdded"));
  event.entity_type = "Galaxy";
  ExpectRefused(Validate(event),
                "entity_type: must be one of WorkPackage, FeatureSpec, Subtask, Gate, Workspace (got \"Galaxy\")");
  event.entity_type = "";
  EXPECT_FALSE(Validate(event).ok());
}

TEST(ValidateEventTest, EntityTypeMustMatchTheEventType) {
  struct Case {
    std::string_view event_type;
    std::string_view entity_type;
    std::string_view message;
  };
  for (const Case& c : std::vector<Case>{
           {"SpecCreated", "WorkPackage", "entity_type: SpecCreated events apply to FeatureSpec, not WorkPackage"},
           {"WPCreated", "FeatureSpec", "entity_type: WPCreated events apply to WorkPackage, not FeatureSpec"},
           {"WPStatusChanged", "Gate", "entity_type: WPStatusChanged events apply to WorkPackage, not Gate"},
           {"WorkspaceCreated", "Gate",
            "entity_type: WorkspaceCreated events apply to Workspace or WorkPackage, not Gate"},
           {"SubtaskCompleted", "FeatureSpec",
            "entity_type: SubtaskCompleted events apply to Subtask or WorkPackage, not FeatureSpec"},
           {"GateCreated", "WorkPackage", "entity_type: GateCreated events apply to Gate, not WorkPackage"},
           {"GateResultChanged", "Subtask", "entity_type: GateResultChanged events apply to Gate, not Subtask"},
       }) {
    Event event = SampleEvent(Sample(c.event_type));
    event.entity_type = std::string(c.entity_type);
    ExpectRefused(Validate(event), c.message);
  }
  // The alternatives the table allows.
  for (auto [type, entity] : std::vector<std::pair<std::string_view, std::string_view>>{
           {"WorkspaceCreated", "WorkPackage"}, {"SubtaskCompleted", "WorkPackage"}, {"TagsAdded", "Gate"},
           {"TagsAdded", "FeatureSpec"}, {"CounterIncremented", "Subtask"}, {"CounterIncremented", "Workspace"}}) {
    Event event = SampleEvent(Sample(type));
    event.entity_type = std::string(entity);
    Status status = Validate(event);
    EXPECT_TRUE(status.ok()) << type << " on " << entity << ": " << status.message();
  }
}

struct WrongValue {
  std::string_view event_type;
  std::string_view field;
  std::string value;  // raw JSON
  std::string_view rule;
};

constexpr std::string_view kNameRule = "must be a non-empty string without control characters (at most 256 bytes)";
constexpr std::string_view kSlugRule = "must match ^[0-9]{3}-[a-z0-9-]+$";
constexpr std::string_view kLaneRule = "must be one of planned, doing, for_review, done, rejected";
constexpr std::string_view kGateTypeRule =
    "must be one of CI_CHECK, SECURITY_SCAN, MANUAL_REVIEW, ARCHITECTURE_REVIEW";
constexpr std::string_view kGateStatusRule = "must be one of pending, passed, failed";
constexpr std::string_view kGateResultsRule = "must be an array of {gate_type, status, details}";
constexpr std::string_view kNameArrayRule = "must be an array of non-empty strings without control characters";
constexpr std::string_view kTagArrayRule =
    "must be a non-empty array of non-empty strings without control characters";

TEST(ValidateEventTest, WrongTypesAndValuesNameTheFieldAndRule) {
  const std::vector<WrongValue> cases = {
      // Strings that must be names.
      {"SpecCreated", "title", "5", kNameRule},
      {"SpecCreated", "title", R"("")", kNameRule},
      {"SpecCreated", "title", R"("a\nb")", kNameRule},
      {"SpecCreated", "title", "null", kNameRule},
      {"SpecCreated", "mission", "[]", "must be a string"},
      {"SpecCreated", "created_by", "true", "must be a string"},
      {"WPCreated", "work_package_id", R"(["WP01"])", kNameRule},
      {"WPCreated", "dependencies", R"("WP00")", kNameArrayRule},
      {"WPCreated", "dependencies", "[1]", kNameArrayRule},
      {"WPCreated", "dependencies", R"([""])", kNameArrayRule},
      {"WorkspaceCreated", "worktree_path", "{}", kNameRule},
      {"WorkspaceCreated", "branch_name", R"("")", kNameRule},
      {"GateCreated", "gate_id", R"("gate\u0001")", kNameRule},
      {"GateCreated", "gate_id", "\"" + std::string(257, 'g') + "\"", kNameRule},
      {"CounterIncremented", "counter", "3", kNameRule},
      // Integers.
      {"SubtaskCompleted", "subtask_index", R"("3")", "must be an integer >= 0"},
      {"SubtaskCompleted", "subtask_index", "-1", "must be an integer >= 0"},
      {"SubtaskCompleted", "subtask_index", "1.5", "must be an integer >= 0"},
      {"SubtaskCompleted", "subtask_text", "7", "must be a string"},
      {"CounterIncremented", "delta", "1.5", "must be an integer"},
      {"CounterIncremented", "delta", R"("2")", "must be an integer"},
      {"CounterIncremented", "delta", "9223372036854775808", "must be an integer"},
      {"CounterIncremented", "delta", "null", "must be an integer"},
      // Objects.
      {"WPStatusChanged", "dependency_status", R"("all")", "must be an object"},
      {"GateResultChanged", "result_data", "[]", "must be an object"},
      {"WPStatusChanged", "reason", "{}", "must be a string"},
      // Tags.
      {"TagsAdded", "tags", "[]", kTagArrayRule},
      {"TagsAdded", "tags", R"("urgent")", kTagArrayRule},
      {"TagsAdded", "tags", R"(["ok",""])", kTagArrayRule},
      {"TagsAdded", "tags", R"(["a\tb"])", kTagArrayRule},
      {"TagsAdded", "tags", R"(["a",["b"]])", kTagArrayRule},
      // Slugs in every type that carries one.
      {"TagsAdded", "feature_slug", R"("x")", kSlugRule},
      {"CounterIncremented", "feature_slug", "25", kSlugRule},
      {"WorkspaceCreated", "feature_slug", R"("25-x")", kSlugRule},
      {"SubtaskCompleted", "feature_slug", R"("025_x")", kSlugRule},
      {"GateCreated", "feature_slug", R"("025-X")", kSlugRule},
      {"WPCreated", "feature_slug", R"("025-")", kSlugRule},
      {"WPStatusChanged", "feature_slug", R"("abc-def")", kSlugRule},
      {"SpecCreated", "feature_slug", R"("025-caf\u00e9")", kSlugRule},
      {"SpecCreated", "feature_slug", R"("0255-x")", kSlugRule},
      {"SpecCreated", "feature_slug", R"("025-a b")", kSlugRule},
      // Lanes.
      {"WPStatusChanged", "new_status", R"("review")", kLaneRule},
      {"WPStatusChanged", "new_status", R"("Doing")", kLaneRule},
      {"WPStatusChanged", "old_status", R"("")", kLaneRule},
      {"WPStatusChanged", "old_status", "1", kLaneRule},
      // Gate types and statuses.
      {"GateCreated", "gate_type", R"("CI")", kGateTypeRule},
      {"GateCreated", "gate_type", R"("ci_check")", kGateTypeRule},
      {"GateResultChanged", "new_status", R"("passing")", kGateStatusRule},
      {"GateResultChanged", "old_status", R"("done")", kGateStatusRule},
      {"WPStatusChanged", "gate_results", R"({"gate_type":"CI_CHECK","status":"passed"})", kGateResultsRule},
      {"WPStatusChanged", "gate_results", R"(["CI_CHECK"])", kGateResultsRule},
      {"WPStatusChanged", "gate_results", R"([{"gate_type":"CI","status":"passed"}])", kGateResultsRule},
      {"WPStatusChanged", "gate_results", R"([{"gate_type":"CI_CHECK","status":"ok"}])", kGateResultsRule},
      {"WPStatusChanged", "gate_results", R"([{"gate_type":"CI_CHECK"}])", kGateResultsRule},
      {"WPStatusChanged", "gate_results", R"([{"status":"passed"}])", kGateResultsRule},
      {"WPStatusChanged", "gate_results", R"([{"gate_type":"CI_CHECK","status":"passed","x":1}])",
       kGateResultsRule},
  };
  for (const WrongValue& c : cases) {
    SCOPED_TRACE(std::string(c.event_type) + "." + std::string(c.field) + " = " + std::string(c.value));
    const PayloadSample& sample = Sample(c.event_type);
    ExpectRefused(ValidateWithPayload(sample, PayloadWith(sample, c.field, c.value)),
                  "payload." + std::string(c.field) + ": " + std::string(c.rule));
  }
}

TEST(ValidateEventTest, AcceptableValues) {
  const std::vector<WrongValue> cases = {
      {"CounterIncremented", "delta", "0", ""},
      {"CounterIncremented", "delta", "-9223372036854775808", ""},
      {"CounterIncremented", "delta", "9223372036854775807", ""},
      {"SubtaskCompleted", "subtask_index", "0", ""},
      {"WPCreated", "dependencies", "[]", ""},
      {"WPStatusChanged", "gate_results", "[]", ""},
      {"WPStatusChanged", "gate_results",
       R"([{"gate_type":"SECURITY_SCAN","status":"failed"},{"gate_type":"ARCHITECTURE_REVIEW","status":"pending","details":{"k":[1]}}])",
       ""},
      {"WPStatusChanged", "reason", R"("multi\nline\ttext \u0001 allowed")", ""},
      {"GateResultChanged", "result_data", "{}", ""},
      {"SpecCreated", "title", R"("Café 日本 😀")", ""},
      {"SpecCreated", "feature_slug", R"("001--")", ""},
      {"SpecCreated", "feature_slug", R"("999-9")", ""},
      {"GateCreated", "gate_id", "\"" + std::string(256, 'g') + "\"", ""},
  };
  for (const WrongValue& c : cases) {
    const PayloadSample& sample = Sample(c.event_type);
    Status status = ValidateWithPayload(sample, PayloadWith(sample, c.field, c.value));
    EXPECT_TRUE(status.ok()) << c.event_type << "." << c.field << " = " << c.value << ": " << status.message();
  }
}

TEST(ValidateEventTest, EveryLaneGateTypeAndGateStatusIsAccepted) {
  for (std::string_view lane : kLanes) {
    const PayloadSample& sample = Sample("WPStatusChanged");
    std::string value = "\"" + std::string(lane) + "\"";
    EXPECT_TRUE(ValidateWithPayload(sample, PayloadWith(sample, "new_status", value)).ok()) << lane;
    EXPECT_TRUE(ValidateWithPayload(sample, PayloadWith(sample, "old_status", value)).ok()) << lane;
  }
  for (std::string_view type : kGateTypes) {
    const PayloadSample& sample = Sample("GateCreated");
    EXPECT_TRUE(ValidateWithPayload(sample, PayloadWith(sample, "gate_type", "\"" + std::string(type) + "\"")).ok());
  }
  for (std::string_view status : kGateStatuses) {
    const PayloadSample& sample = Sample("GateResultChanged");
    EXPECT_TRUE(ValidateWithPayload(sample, PayloadWith(sample, "new_status", "\"" + std::string(status) + "\"")).ok());
  }
}

TEST(ValidateEventTest, PayloadMustBeAJsonObject) {
  const PayloadSample& sample = Sample("TagsAdded");
  ExpectRefused(ValidateWithPayload(sample, "[]"), "payload: must be a JSON object");
  ExpectRefused(ValidateWithPayload(sample, R"("tags")"), "payload: must be a JSON object");
  Status broken = ValidateWithPayload(sample, R"({"tags":)");
  EXPECT_FALSE(broken.ok());
  EXPECT_TRUE(broken.message().starts_with("payload: not valid JSON (")) << broken.message();
  Status utf8 = ValidateWithPayload(sample, "{\"tags\":[\"\xff\"]}");
  EXPECT_FALSE(utf8.ok());
  EXPECT_TRUE(utf8.message().starts_with("payload: not valid JSON (")) << utf8.message();
}

TEST(ValidateEventTest, EventIdMustBeAUlid) {
  for (std::string_view id : {"", "01HQ3K5M7N8P9QRSTVWXYZ012", "81HQ3K5M7N8P9QRSTVWXYZ0123",
                              "01hq3k5m7n8p9qrstvwxyz0123", "01HQ3K5M7N8P9QRSTVWXYZ012U"}) {
    Event event = SampleEvent(Sample("TagsAdded"));
    event.event_id = std::string(id);
    ExpectRefused(Validate(event), "event_id: must be a ULID (26 chars Crockford base32, first char 0-7)");
  }
}

TEST(ValidateEventTest, EventVersionMustBeOne) {
  for (int64_t version : {0, 2, -1}) {
    Event event = SampleEvent(Sample("TagsAdded"));
    event.event_version = version;
    ExpectRefused(Validate(event), "event_version: must be 1");
  }
}

TEST(ValidateEventTest, LamportClockMustBeInRange) {
  for (int64_t clock : {int64_t{0}, int64_t{-1}, INT64_MIN, kMaxLamportClock + 1, INT64_MAX}) {
    Event event = SampleEvent(Sample("TagsAdded"));
    event.lamport_clock = clock;
    ExpectRefused(Validate(event), "lamport_clock: must be an integer in 1..2^53-1");
  }
  for (int64_t clock : {int64_t{1}, kMaxLamportClock}) {
    Event event = SampleEvent(Sample("TagsAdded"));
    event.lamport_clock = clock;
    EXPECT_TRUE(Validate(event).ok());
  }
}

TEST(ValidateEventTest, NamesMustBeNonEmptyPrintableUtf8) {
  struct Case {
    std::string value;
    std::string_view rule;
  };
  const std::vector<Case> cases = {
      {"", "must not be empty"},
      {"WP\x01", "must not contain control characters"},
      {"WP\n01", "must not contain control characters"},
      {"WP\t01", "must not contain control characters"},
      {"WP\x7f", "must not contain control characters"},
      {std::string("WP\0", 3), "must not contain control characters"},
      {"WP\xff", "must be valid UTF-8"},
      {"caf\xc3", "must be valid UTF-8"},
      {"\xed\xa0\x80", "must be valid UTF-8"},
      {std::string(257, 'a'), "must be at most 256 bytes"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(::testing::PrintToString(c.value));
    Event event = SampleEvent(Sample("TagsAdded"));
    event.entity_id = c.value;
    ExpectRefused(Validate(event), "entity_id: " + std::string(c.rule));
    event = SampleEvent(Sample("TagsAdded"));
    event.actor = c.value;
    ExpectRefused(Validate(event), "actor: " + std::string(c.rule));
    event = SampleEvent(Sample("TagsAdded"));
    event.causation_id = c.value;
    ExpectRefused(Validate(event), "causation_id: " + std::string(c.rule));
    event = SampleEvent(Sample("TagsAdded"));
    event.correlation_id = c.value;
    ExpectRefused(Validate(event), "correlation_id: " + std::string(c.rule));
  }
}

TEST(ValidateEventTest, UnicodeNamesAndNullIdsAreFine) {
  Event event = SampleEvent(Sample("TagsAdded"));
  event.entity_id = "WP-日本";
  event.actor = "Zoé 😀";
  event.causation_id = std::nullopt;
  event.correlation_id = std::nullopt;
  Status status = Validate(event);
  EXPECT_TRUE(status.ok()) << status.message();
  event.entity_id = std::string(256, 'a');
  EXPECT_TRUE(Validate(event).ok());
}

TEST(ValidateEventTest, TimestampMustBeRfc3339UtcWithMillis) {
  for (std::string_view timestamp : {"", "2026-01-27T10:30:00Z", "2026-01-27T10:30:00.123", "2026-13-01T00:00:00.000Z",
                                     "2026-02-30T00:00:00.000Z", "2026-01-27T10:30:00.123+01:00", "yesterday"}) {
    Event event = SampleEvent(Sample("TagsAdded"));
    event.timestamp = std::string(timestamp);
    ExpectRefused(Validate(event),
                  "timestamp: must be RFC 3339 UTC with milliseconds (2026-01-27T10:30:00.123Z)");
  }
}

TEST(ValidateEventTest, WorkPackageIdMustEqualEntityIdForWPCreated) {
  Event event = SampleEvent(Sample("WPCreated"));
  event.entity_id = "WP02";
  ExpectRefused(Validate(event), "payload.work_package_id: must equal entity_id for WPCreated");
}

TEST(ValidateNameTest, FieldIsNamed) {
  EXPECT_TRUE(ValidateName("x", "ok").ok());
  ExpectRefused(ValidateName("payload.tags[0]", ""), "payload.tags[0]: must not be empty");
}

TEST(IsValidFeatureSlugTest, MatchesThePattern) {
  for (std::string_view slug : {"001-a", "025-cli-event-log", "999-9", "001--", "000-0-0"}) {
    EXPECT_TRUE(IsValidFeatureSlug(slug)) << slug;
  }
  for (std::string_view slug : {"", "001", "001-", "01-a", "0001-a", "abc-a", "001_a", "001-A", "001-a_b",
                                "001-a b", "001-é", " 001-a", "001-a\n"}) {
    EXPECT_FALSE(IsValidFeatureSlug(slug)) << slug;
  }
}

}  // namespace
}  // namespace kittylog
