#include "event/event_codec.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "event/json_writer.h"
#include "event/test_samples.h"

namespace kittylog {
namespace {

using testing::PayloadSamples;
using testing::SampleEvent;

constexpr std::string_view kId = "01HQ3K5M7N8P9QRSTVWXYZ0123";

// Decodes `line` the way a reader that keeps payloads does, expecting success.
Event DecodeOk(std::string_view line, std::vector<std::string>* notes = nullptr) {
  EventDecoder decoder;
  Result<Event> result = decoder.DecodeUnpadded(line, notes);
  EXPECT_TRUE(result.ok()) << line << " -> " << result.status().message();
  return result.ok() ? std::move(result).value() : Event{};
}

Status DecodeStatus(std::string_view line) {
  EventDecoder decoder;
  return decoder.DecodeUnpadded(line).status();
}

std::vector<std::string> TopLevelKeys(std::string_view line) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(line);
  simdjson::dom::object object;
  EXPECT_EQ(parser.parse(padded).get_object().get(object), simdjson::SUCCESS) << line;
  std::vector<std::string> keys;
  for (auto field : object) keys.emplace_back(field.key);
  return keys;
}

TEST(EncodeEventLineTest, CanonicalKeyOrderAndCompact) {
  Event event;
  event.event_id = std::string(kId);
  event.event_type = "WPStatusChanged";
  event.event_version = 1;
  event.lamport_clock = 7;
  event.entity_id = "WP01";
  event.entity_type = "WorkPackage";
  event.timestamp = "2026-01-27T10:30:00.123Z";
  event.actor = "claude";
  event.causation_id = "cmd-1";
  event.correlation_id = "session-9";
  event.payload_json = R"({"feature_slug":"025-cli-event-log","old_status":"planned","new_status":"doing"})";
  EXPECT_EQ(EncodeEventLine(event),
            R"({"event_id":"01HQ3K5M7N8P9QRSTVWXYZ0123","event_type":"WPStatusChanged","event_version":1,)"
            R"("lamport_clock":7,"entity_id":"WP01","entity_type":"WorkPackage",)"
            R"("timestamp":"2026-01-27T10:30:00.123Z","actor":"claude","causation_id":"cmd-1",)"
            R"("correlation_id":"session-9","payload":{"feature_slug":"025-cli-event-log",)"
            R"("old_status":"planned","new_status":"doing"}})");
}

TEST(EncodeEventLineTest, KeysFollowKEventKeysForEveryType) {
  for (const auto& sample : PayloadSamples()) {
    std::string line = EncodeEventLine(SampleEvent(sample));
    std::vector<std::string> keys = TopLevelKeys(line);
    ASSERT_EQ(keys.size(), kEventKeys.size()) << line;
    for (size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(keys[i], kEventKeys[i]) << sample.event_type;
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(line.find(": "), std::string::npos) << "not compact: " << line;
    EXPECT_EQ(line.find(", "), std::string::npos) << "not compact: " << line;
  }
}

TEST(EncodeEventLineTest, AbsentIdsAreNullAndEmptyPayloadIsAnObject) {
  Event event;
  event.event_id = std::string(kId);
  event.event_type = "TagsAdded";
  event.lamport_clock = 1;
  event.payload_json = "";
  std::string line = EncodeEventLine(event);
  EXPECT_NE(line.find(R"("causation_id":null,"correlation_id":null,"payload":{}})"), std::string::npos) << line;
}

TEST(EventCodecRoundTripTest, EveryPayloadTypeRoundTrips) {
  for (const auto& sample : PayloadSamples()) {
    SCOPED_TRACE(std::string(sample.event_type));
    Event original = SampleEvent(sample);
    std::string line = EncodeEventLine(original);
    std::vector<std::string> notes;
    Event decoded = DecodeOk(line, &notes);
    EXPECT_TRUE(notes.empty()) << notes.front();
    EXPECT_EQ(decoded.event_id, original.event_id);
    EXPECT_EQ(decoded.event_type, original.event_type);
    EXPECT_EQ(decoded.event_version, original.event_version);
    EXPECT_EQ(decoded.lamport_clock, original.lamport_clock);
    EXPECT_EQ(decoded.entity_id, original.entity_id);
    EXPECT_EQ(decoded.entity_type, original.entity_type);
    EXPECT_EQ(decoded.timestamp, original.timestamp);
    EXPECT_EQ(decoded.actor, original.actor);
    EXPECT_EQ(decoded.causation_id, original.causation_id);
    EXPECT_EQ(decoded.correlation_id, original.correlation_id);
    EXPECT_EQ(decoded.payload_json, original.payload_json);
    EXPECT_EQ(decoded.raw_line, line);
    EXPECT_EQ(EncodeEventLine(decoded), line);
  }
}

TEST(EventCodecRoundTripTest, PayloadFieldsAreExtracted) {
  const auto& samples = PayloadSamples();
  auto decode = [&](std::string_view type) {
    for (const auto& sample : samples) {
      if (sample.event_type == type) return DecodeOk(EncodeEventLine(SampleEvent(sample)));
    }
    ADD_FAILURE() << "no sample " << type;
    return Event{};
  };
  Event status = decode("WPStatusChanged");
  EXPECT_EQ(status.payload.feature_slug, "025-cli-event-log");
  EXPECT_EQ(status.payload.old_status, "for_review");
  EXPECT_EQ(status.payload.new_status, "done");
  EXPECT_EQ(status.payload.reason, "LGTM");
  Event created = decode("WPCreated");
  EXPECT_EQ(created.payload.work_package_id, "WP01");
  EXPECT_EQ(created.payload.title, "Event codec");
  Event subtask = decode("SubtaskCompleted");
  EXPECT_EQ(subtask.payload.subtask_index, 3);
  Event gate = decode("GateCreated");
  EXPECT_EQ(gate.payload.gate_id, "gate-ci-WP01");
  EXPECT_EQ(gate.payload.gate_type, "CI_CHECK");
  Event tags = decode("TagsAdded");
  EXPECT_EQ(tags.payload.tags, (std::vector<std::string>{"urgent", "backend"}));
  Event counter = decode("CounterIncremented");
  EXPECT_EQ(counter.payload.counter, "retries");
  EXPECT_EQ(counter.payload.delta, -2);
}

TEST(EventCodecRoundTripTest, EscapingRoundTrips) {
  std::string controls;
  for (int c = 1; c < 0x20; ++c) controls += static_cast<char>(c);
  controls += '\x7f';
  const std::vector<std::string> texts = {
      R"(quote " and backslash \ and both \")",
      "named \b \f \n \r \t",
      "unit separator \x01 and DEL \x7f",
      controls,
      "é 日本 😀 🐈",
      "",
  };
  for (const std::string& text : texts) {
    Event event = SampleEvent(PayloadSamples()[0]);
    event.entity_id = text;
    event.actor = text;
    event.causation_id = text;
    event.correlation_id = text;
    JsonWriter payload;
    payload.BeginObject();
    payload.Key("title");
    payload.String(text);
    payload.Key(text);
    payload.String(text);
    payload.EndObject();
    event.payload_json = payload.Take();

    std::string line = EncodeEventLine(event);
    for (char c : line) {
      unsigned char byte = static_cast<unsigned char>(c);
      EXPECT_TRUE(byte >= 0x20 && byte != 0x7f) << "raw control byte " << int(byte) << " in " << line;
    }
    Event decoded = DecodeOk(line);
    EXPECT_EQ(decoded.entity_id, text);
    EXPECT_EQ(decoded.actor, text);
    EXPECT_EQ(decoded.causation_id, text);
    EXPECT_EQ(decoded.correlation_id, text);
    EXPECT_EQ(decoded.payload.title, text);
    EXPECT_EQ(EncodeEventLine(decoded), line);
  }
}

TEST(EventCodecRoundTripTest, SpecificEscapes) {
  Event event = SampleEvent(PayloadSamples()[0]);
  event.actor = "a\"b\\c\bd\fe\nf\rg\th\x01i\x7fj";
  std::string line = EncodeEventLine(event);
  EXPECT_NE(line.find(R"("actor":"a\"b\\c\bd\fe\nf\rg\th\u0001i\u007fj")"), std::string::npos) << line;
  EXPECT_EQ(EncodeEventLine(DecodeOk(line)), line);
}

TEST(EventCodecRoundTripTest, UnicodeStaysRawUtf8) {
  Event event = SampleEvent(PayloadSamples()[0]);
  event.actor = "Zoé";
  event.entity_id = "日本";
  event.payload_json = "{\"feature_slug\":\"025-x\",\"title\":\"😀\"}";
  std::string line = EncodeEventLine(event);
  EXPECT_NE(line.find("\"actor\":\"Zoé\""), std::string::npos);
  EXPECT_NE(line.find("\"entity_id\":\"日本\""), std::string::npos);
  EXPECT_EQ(line.find("\\u"), std::string::npos) << line;
  Event decoded = DecodeOk(line);
  EXPECT_EQ(decoded.actor, "Zoé");
  EXPECT_EQ(decoded.payload.title, "😀");
  EXPECT_EQ(EncodeEventLine(decoded), line);
}

TEST(EventCodecRoundTripTest, NonCanonicalInputBecomesCanonicalOnce) {
  // Spaces, reordered keys and \u escapes: the decoder accepts them; the re-encoded line is the
  // canonical form and is a fixed point.
  std::string input =
      R"({ "payload" : { "title" : "Caf\u00e9 \ud83d\ude00", "feature_slug" : "025-x" } , "actor" : "\u0041li",)"
      R"( "event_id" : "01HQ3K5M7N8P9QRSTVWXYZ0123", "lamport_clock" : 3, "event_type" : "SpecCreated",)"
      R"( "entity_id" : "025-x", "entity_type" : "FeatureSpec", "timestamp" : "2026-01-27T10:30:00.123Z",)"
      R"( "event_version" : 1 })";
  std::string canonical = EncodeEventLine(DecodeOk(input));
  EXPECT_EQ(canonical,
            R"({"event_id":"01HQ3K5M7N8P9QRSTVWXYZ0123","event_type":"SpecCreated","event_version":1,)"
            R"("lamport_clock":3,"entity_id":"025-x","entity_type":"FeatureSpec",)"
            R"("timestamp":"2026-01-27T10:30:00.123Z","actor":"Ali","causation_id":null,"correlation_id":null,)"
            R"("payload":{"title":"Café 😀","feature_slug":"025-x"}})");
  EXPECT_EQ(EncodeEventLine(DecodeOk(canonical)), canonical);
}

TEST(EventDecoderTest, UnknownKeysPassThroughInRawLine) {
  std::string line = R"({"event_id":"01HQ3K5M7N8P9QRSTVWXYZ0123","future_key":{"x":[1,2]},"event_type":"TagsAdded",)"
                     R"("lamport_clock":5,"payload":{"tags":["a"],"colour":"red"},"zzz":null})";
  std::vector<std::string> notes;
  Event event = DecodeOk(line, &notes);
  EXPECT_TRUE(notes.empty());
  EXPECT_EQ(event.raw_line, line);
  EXPECT_EQ(event.event_type, "TagsAdded");
  EXPECT_EQ(event.lamport_clock, 5);
  EXPECT_EQ(event.payload.tags, std::vector<std::string>{"a"});
  EXPECT_EQ(event.payload_json, R"({"tags":["a"],"colour":"red"})");
}

TEST(EventDecoderTest, UnknownEventTypePassesThrough) {
  std::string line = R"({"event_id":"01HQ3K5M7N8P9QRSTVWXYZ0123","event_type":"FeatureArchived","event_version":3,)"
                     R"("lamport_clock":9,"entity_id":"025-x","entity_type":"Galaxy","payload":{"feature_slug":"025-x"}})";
  std::vector<std::string> notes;
  Event event = DecodeOk(line, &notes);
  EXPECT_TRUE(notes.empty());
  EXPECT_EQ(event.event_type, "FeatureArchived");
  EXPECT_EQ(event.event_version, 3);
  EXPECT_EQ(event.entity_type, "Galaxy");
  EXPECT_EQ(event.payload.feature_slug, "025-x");
}

TEST(EventDecoderTest, WrongTypedFieldsReadAsAbsent) {
  std::string line = R"({"event_id":"01HQ3K5M7N8P9QRSTVWXYZ0123","event_type":5,"event_version":"1",)"
                     R"("lamport_clock":4,"entity_id":["WP01"],"entity_type":{},"timestamp":1769509800123,)"
                     R"("actor":null,"causation_id":7,"correlation_id":false,)"
                     R"("payload":{"feature_slug":1,"old_status":null,"delta":"3","subtask_index":1.5,)"
                     R"("tags":["ok",2,null,"fine"],"title":["x"]}})";
  Event event = DecodeOk(line);
  EXPECT_EQ(event.event_type, "");
  EXPECT_EQ(event.event_version, kCurrentEventVersion);
  EXPECT_EQ(event.lamport_clock, 4);
  EXPECT_EQ(event.entity_id, "");
  EXPECT_EQ(event.entity_type, "");
  EXPECT_EQ(event.timestamp, "");
  EXPECT_EQ(event.actor, "");
  EXPECT_FALSE(event.causation_id.has_value());
  EXPECT_FALSE(event.correlation_id.has_value());
  EXPECT_EQ(event.payload.feature_slug, "");
  EXPECT_EQ(event.payload.old_status, "");
  EXPECT_FALSE(event.payload.delta.has_value());
  EXPECT_FALSE(event.payload.subtask_index.has_value());
  EXPECT_EQ(event.payload.tags, (std::vector<std::string>{"ok", "fine"}));
  EXPECT_EQ(event.payload.title, "");
}

TEST(EventDecoderTest, NonObjectPayloadReadsAsAbsent) {
  for (std::string_view payload : {R"("text")", "[1,2]", "null", "42"}) {
    std::string line = std::string(R"({"event_id":"01HQ3K5M7N8P9QRSTVWXYZ0123","lamport_clock":1,"payload":)") +
                       std::string(payload) + "}";
    Event event = DecodeOk(line);
    EXPECT_EQ(event.payload_json, "{}") << payload;
    EXPECT_EQ(event.raw_line, line);
    // The canonical encoding of what was read is still a valid event line with an object payload.
    EXPECT_NE(EncodeEventLine(event).find(R"("payload":{}})"), std::string::npos);
  }
}

TEST(EventDecoderTest, NullIdsStayAbsent) {
  Event event = DecodeOk(R"({"event_id":"01HQ3K5M7N8P9QRSTVWXYZ0123","lamport_clock":1,"causation_id":null,)"
                         R"("correlation_id":"c"})");
  EXPECT_FALSE(event.causation_id.has_value());
  EXPECT_EQ(event.correlation_id, "c");
}

// DESIGN §2: a line without a lamport_clock in 1..2^53-1 is not an event.
TEST(EventDecoderTest, AMissingClockIsNotAnEvent) {
  Status status = DecodeStatus(R"({"event_id":"01HQ3K5M7N8P9QRSTVWXYZ0123","event_type":"TagsAdded"})");
  EXPECT_EQ(status.kind(), ErrorKind::kRefused);
  EXPECT_EQ(status.message(), "lamport_clock is missing: not an event");
}

TEST(EventDecoderTest, AClockOutOfRangeIsNotAnEvent) {
  for (std::string_view clock : {"-1", "0", "1.5", "9007199254740992", "9223372036854775807", "9223372036854775808",
                                 "18446744073709551615", "1e3", R"("5")", "null", "true", "[]"}) {
    Status status = DecodeStatus(std::string(R"({"event_id":"01HQ3K5M7N8P9QRSTVWXYZ0123","lamport_clock":)") +
                                 std::string(clock) + "}");
    EXPECT_EQ(status.kind(), ErrorKind::kRefused) << clock;
    EXPECT_EQ(status.message(), "lamport_clock must be an integer in 1..2^53-1: not an event") << clock;
  }
}

TEST(EventDecoderTest, ClockBoundsAreAccepted) {
  for (auto [text, value] : {std::pair<std::string_view, int64_t>{"1", 1},
                             std::pair<std::string_view, int64_t>{"9007199254740991", kMaxLamportClock}}) {
    std::vector<std::string> notes;
    Event event = DecodeOk(std::string(R"({"event_id":"01HQ3K5M7N8P9QRSTVWXYZ0123","lamport_clock":)") +
                               std::string(text) + "}",
                           &notes);
    EXPECT_EQ(event.lamport_clock, value);
    EXPECT_TRUE(notes.empty());
  }
}

TEST(EventDecoderTest, InvalidUlidIsANoteNotARefusal) {
  std::vector<std::string> notes;
  Event event = DecodeOk(R"({"event_id":"not-a-ulid","lamport_clock":2})", &notes);
  EXPECT_EQ(event.event_id, "not-a-ulid");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0], "event_id is not a valid ULID");
}

TEST(EventDecoderTest, NotAnObjectIsRefused) {
  for (std::string_view line : {"[1,2]", R"("event_id")", "42", "null", "true", "[]"}) {
    Status status = DecodeStatus(line);
    EXPECT_FALSE(status.ok()) << line;
    EXPECT_EQ(status.kind(), ErrorKind::kRefused);
    EXPECT_EQ(status.message(), "not a JSON object") << line;
  }
}

TEST(EventDecoderTest, InvalidJsonIsRefusedWithReason) {
  Status truncated = DecodeStatus(R"({"event_id":"01HQ3K5M7N8P9QRSTVWXYZ0123","lamport_clock":)");
  EXPECT_FALSE(truncated.ok());
  EXPECT_TRUE(truncated.message().starts_with("not valid JSON")) << truncated.message();
  Status unclosed = DecodeStatus(R"({"event_id":"01HQ)");
  EXPECT_FALSE(unclosed.ok());
  EXPECT_TRUE(unclosed.message().starts_with("not valid JSON")) << unclosed.message();
  Status markers = DecodeStatus("<<<<<<< HEAD");
  EXPECT_FALSE(markers.ok());
  EXPECT_TRUE(markers.message().starts_with("not valid JSON")) << markers.message();
  Status trailing = DecodeStatus(R"({"event_id":"01HQ3K5M7N8P9QRSTVWXYZ0123"} {"event_id":"x"})");
  EXPECT_FALSE(trailing.ok());
  EXPECT_EQ(DecodeStatus("").message(), "empty line");
  EXPECT_EQ(DecodeStatus("{\"event_id\":\"\xff\"}").message(), "not valid UTF-8");
}

TEST(EventDecoderTest, NoStringEventIdIsRefused) {
  for (std::string_view line : {R"({})", R"({"event_type":"TagsAdded","lamport_clock":1})", R"({"event_id":5})",
                                R"({"event_id":null})", R"({"Event_Id":"01HQ3K5M7N8P9QRSTVWXYZ0123"})",
                                R"({"payload":{"event_id":"01HQ3K5M7N8P9QRSTVWXYZ0123"}})"}) {
    Status status = DecodeStatus(line);
    EXPECT_FALSE(status.ok()) << line;
    EXPECT_EQ(status.message(), "no string event_id: not an event") << line;
  }
}

TEST(EventDecoderTest, CrlfLineIsReadAsLf) {
  Event original = SampleEvent(PayloadSamples()[1]);
  std::string line = EncodeEventLine(original);
  std::vector<std::string> notes;
  Event decoded = DecodeOk(line + "\r", &notes);
  EXPECT_TRUE(notes.empty());
  EXPECT_EQ(decoded.raw_line, line);
  EXPECT_EQ(decoded.payload.work_package_id, "WP01");
  EXPECT_EQ(EncodeEventLine(decoded), line);
}

TEST(EventDecoderTest, DecodeWithoutNotesPointer) {
  EventDecoder decoder;
  std::string line = R"({"event_id":"nope","lamport_clock":5})";
  simdjson::padded_string padded(line);
  Result<Event> event = decoder.Decode(std::string_view(padded.data(), padded.size()));
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->lamport_clock, 5);
}

TEST(EventDecoderTest, OptionsControlWhatIsCopied) {
  std::string line = EncodeEventLine(SampleEvent(PayloadSamples()[7]));
  simdjson::padded_string padded(line);
  EventDecoder decoder;
  EventDecoder::Options options;
  options.keep_payload_json = false;
  options.keep_raw_line = false;
  Result<Event> event = decoder.Decode(std::string_view(padded.data(), padded.size()), options, nullptr);
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->raw_line, "");
  EXPECT_EQ(event->payload_json, "{}");
  EXPECT_EQ(event->payload.tags, (std::vector<std::string>{"urgent", "backend"}));  // still extracted

  options.keep_payload_json = true;
  options.keep_raw_line = true;
  event = decoder.Decode(std::string_view(padded.data(), padded.size()), options, nullptr);
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->raw_line, line);
  EXPECT_EQ(event->payload_json, testing::SamplePayload(PayloadSamples()[7]));
}

TEST(EventDecoderTest, DecodesALineInsideALargerBuffer) {
  // The line reader hands out views into one buffer: the bytes after a line (the next line)
  // serve as padding and must not be parsed.
  std::string first = EncodeEventLine(SampleEvent(PayloadSamples()[0]));
  std::string buffer = first + "\n{\"garbage\": [" + std::string(100, 'x');
  EventDecoder decoder;
  Result<Event> event = decoder.Decode(std::string_view(buffer.data(), first.size()));
  ASSERT_TRUE(event.ok()) << event.status().message();
  EXPECT_EQ(event->raw_line, first);
}

TEST(EventDecoderTest, DecoderIsReusableAfterAFailure) {
  EventDecoder decoder;
  EXPECT_FALSE(decoder.DecodeUnpadded("{broken").ok());
  Result<Event> event = decoder.DecodeUnpadded(R"({"event_id":"01HQ3K5M7N8P9QRSTVWXYZ0123","lamport_clock":3})");
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->lamport_clock, 3);
}

TEST(TotalOrderTest, ClockFirstThenIdBytes) {
  EXPECT_TRUE(TotalOrderLess(1, "Z", 2, "A"));
  EXPECT_FALSE(TotalOrderLess(2, "A", 1, "Z"));
  EXPECT_TRUE(TotalOrderLess(5, "01A", 5, "01B"));
  EXPECT_FALSE(TotalOrderLess(5, "01B", 5, "01A"));
  EXPECT_FALSE(TotalOrderLess(5, "01A", 5, "01A"));
  EXPECT_TRUE(TotalOrderLess(0, "7ZZ", 1, "000"));  // absent clock sorts first
}

}  // namespace
}  // namespace kittylog
