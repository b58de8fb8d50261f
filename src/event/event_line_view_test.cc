#include "event/event_line_view.h"

#include <string>

#include <gtest/gtest.h>

namespace kittylog {
namespace {

constexpr std::string_view kCanonical =
    R"({"event_id":"01HQ3K5M7N8P9QRSTVWXYZ0123","event_type":"WPStatusChanged","event_version":1,)"
    R"("lamport_clock":7,"entity_id":"WP01","entity_type":"WorkPackage",)"
    R"("timestamp":"2026-01-27T10:30:00.123Z","actor":"claude","causation_id":"cmd-1",)"
    R"("correlation_id":null,"payload":{"feature_slug":"025-cli","old_status":"planned",)"
    R"("new_status":"doing","forced":true,"delta":-2}})";

// Reads `line` from a padded copy that outlives the view.
class LineViewTest : public ::testing::Test {
 protected:
  EventLineView Read(std::string_view line, LineFields fields = LineFields::kAll,
                     DuplicateKeys duplicates = DuplicateKeys::kLastValidWins) {
    padded_ = simdjson::padded_string(line);
    EventLineReader::Options options;
    options.fields = fields;
    options.duplicates = duplicates;
    return reader_.Read(std::string_view(padded_.data(), padded_.size()), options);
  }

  EventLineReader reader_;
  simdjson::padded_string padded_;
};

TEST_F(LineViewTest, ReadsEveryFieldOfACanonicalLine) {
  EventLineView view = Read(kCanonical);
  ASSERT_TRUE(view.is_object);
  EXPECT_TRUE(view.is_event());
  EXPECT_EQ(view.event_id, "01HQ3K5M7N8P9QRSTVWXYZ0123");
  EXPECT_EQ(view.lamport_clock, 7);
  EXPECT_EQ(view.event_type, "WPStatusChanged");
  EXPECT_EQ(view.event_version, 1);
  EXPECT_EQ(view.entity_id, "WP01");
  EXPECT_EQ(view.entity_type, "WorkPackage");
  EXPECT_EQ(view.timestamp, "2026-01-27T10:30:00.123Z");
  EXPECT_EQ(view.actor, "claude");
  EXPECT_EQ(view.causation_id, "cmd-1");
  EXPECT_FALSE(view.correlation_id.has_value());
  ASSERT_TRUE(view.has_payload);
  EXPECT_TRUE(view.payload.is_object());
  EXPECT_EQ(view.payload_fields.feature_slug, "025-cli");
  EXPECT_EQ(view.payload_fields.old_status, "planned");
  EXPECT_EQ(view.payload_fields.new_status, "doing");
  EXPECT_TRUE(view.payload_fields.forced);
  EXPECT_EQ(view.payload_fields.delta, -2);
  EXPECT_FALSE(view.byte_order_mark);
  EXPECT_FALSE(view.clock_ever_invalid);
}

TEST_F(LineViewTest, KeyOnlyAndTopLevelLeaveTheRestEmpty) {
  EventLineView key = Read(kCanonical, LineFields::kKey);
  EXPECT_EQ(key.key().clock, 7);
  EXPECT_EQ(key.key().id, "01HQ3K5M7N8P9QRSTVWXYZ0123");
  EXPECT_TRUE(key.event_type.empty());
  EXPECT_FALSE(key.has_payload);
  EventLineView top = Read(kCanonical, LineFields::kTopLevel);
  EXPECT_EQ(top.actor, "claude");
  EXPECT_TRUE(top.has_payload);
  EXPECT_TRUE(top.payload_fields.feature_slug.empty());
}

TEST_F(LineViewTest, WhatIsNotAnObjectSaysWhy) {
  EventLineView broken = Read(R"({"event_id":)");
  EXPECT_FALSE(broken.is_object);
  EXPECT_NE(broken.json_error, simdjson::SUCCESS);
  EventLineView array = Read(R"([1,2])");
  EXPECT_FALSE(array.is_object);
  EXPECT_EQ(array.json_error, simdjson::SUCCESS);
  EXPECT_EQ(Read("").json_error, simdjson::EMPTY);
  EXPECT_EQ(Read("{\"event_id\":\"\xff\"}").json_error, simdjson::UTF8_ERROR);
}

TEST_F(LineViewTest, MissingFieldsAreAbsent) {
  EventLineView no_id = Read(R"({"event_id":7,"lamport_clock":3})");
  EXPECT_TRUE(no_id.is_object);
  EXPECT_FALSE(no_id.has_id);
  EXPECT_TRUE(no_id.clock_valid);
  EventLineView no_clock = Read(R"({"event_id":"A"})");
  EXPECT_TRUE(no_clock.has_id);
  EXPECT_FALSE(no_clock.clock_seen);
  EXPECT_FALSE(no_clock.is_event());
  EXPECT_FALSE(no_clock.has_payload);
  EXPECT_FALSE(no_clock.event_version.has_value());
}

TEST_F(LineViewTest, ClocksOutsideTheRangeOrNotCanonicalIntegersAreInvalid) {
  for (std::string_view clock : {"0", "-1", "9007199254740992", "1.0", "1e3", "\"5\"", "null", "true"}) {
    EventLineView view = Read(std::string(R"({"event_id":"A","lamport_clock":)") + std::string(clock) + "}");
    EXPECT_TRUE(view.clock_seen) << clock;
    EXPECT_FALSE(view.clock_valid) << clock;
    EXPECT_TRUE(view.clock_ever_invalid) << clock;
    EXPECT_EQ(view.lamport_clock, 0) << clock;
  }
  EventLineView top = Read(R"({"event_id":"A","lamport_clock":9007199254740991})");
  EXPECT_TRUE(top.clock_valid);
  EXPECT_EQ(top.lamport_clock, 9007199254740991);
}

TEST_F(LineViewTest, TheLastClockDecidesAndAnInvalidOneIsRemembered) {
  EventLineView later_valid = Read(R"({"event_id":"A","lamport_clock":0,"lamport_clock":5})");
  EXPECT_TRUE(later_valid.clock_valid);
  EXPECT_EQ(later_valid.lamport_clock, 5);
  EXPECT_TRUE(later_valid.clock_ever_invalid);  // the index's fast path leaves it to the decoder
  EventLineView later_invalid = Read(R"({"event_id":"A","lamport_clock":5,"lamport_clock":0})");
  EXPECT_FALSE(later_invalid.clock_valid);
  EXPECT_EQ(later_invalid.lamport_clock, 0);
}

TEST_F(LineViewTest, TheLastStringIdWinsForEveryCaller) {
  for (DuplicateKeys rule : {DuplicateKeys::kLastValidWins, DuplicateKeys::kLastWins}) {
    EventLineView view = Read(R"({"event_id":"A","event_id":"B","event_id":3,"lamport_clock":1})", LineFields::kAll, rule);
    EXPECT_TRUE(view.has_id);
    EXPECT_EQ(view.event_id, "B");
  }
}

TEST_F(LineViewTest, EscapedIdsAreUnescaped) {
  EventLineView view = Read(R"({"event_id":"A\u0042\"C","lamport_clock":1})");
  EXPECT_EQ(view.event_id, "AB\"C");
}

TEST_F(LineViewTest, AByteOrderMarkIsSkippedAndSaid) {
  EventLineView view = Read(std::string(kUtf8ByteOrderMark) + R"({"event_id":"A","lamport_clock":1})");
  EXPECT_TRUE(view.byte_order_mark);
  EXPECT_TRUE(view.is_event());
}

TEST_F(LineViewTest, LastValidWinsKeepsAnEarlierGoodValueAndTheLastPayload) {
  EventLineView view = Read(
      R"({"event_id":"A","lamport_clock":1,"event_type":"X","event_type":7,"event_version":2,"event_version":"3",)"
      R"("causation_id":"c","causation_id":null,"payload":{"feature_slug":"f","title":"t"},)"
      R"("payload":{"title":"u","title":false}})");
  EXPECT_EQ(view.event_type, "X");
  EXPECT_EQ(view.event_version, 2);
  EXPECT_EQ(view.causation_id, "c");
  EXPECT_TRUE(view.payload_fields.feature_slug.empty());  // each payload replaces the previous one
  EXPECT_EQ(view.payload_fields.title, "u");
  EventLineView not_object = Read(R"({"event_id":"A","lamport_clock":1,"payload":{"title":"t"},"payload":[1]})");
  EXPECT_TRUE(not_object.has_payload);
  EXPECT_FALSE(not_object.payload.is_object());
  EXPECT_TRUE(not_object.payload_fields.title.empty());
}

TEST_F(LineViewTest, LastWinsClearsOnAWrongTypeAndAddsPayloadObjectsUp) {
  EventLineView view = Read(
      R"({"event_id":"A","lamport_clock":1,"event_type":"X","event_type":7,)"
      R"("payload":{"feature_slug":"f","old_status":"a"},"payload":"skipped",)"
      R"("payload":{"old_status":false,"new_status":"b","title":"t"},"actor":"a"})",
      LineFields::kReport, DuplicateKeys::kLastWins);
  EXPECT_TRUE(view.event_type.empty());
  EXPECT_EQ(view.payload_fields.feature_slug, "f");
  EXPECT_TRUE(view.payload_fields.old_status.empty());
  EXPECT_EQ(view.payload_fields.new_status, "b");
  EXPECT_TRUE(view.payload.is_object());
  EXPECT_TRUE(view.actor.empty());  // kReport reads what the merge's report shows, no more
  EXPECT_TRUE(view.payload_fields.title.empty());
}

TEST_F(LineViewTest, AReaderIsReusableAfterAFailure) {
  EXPECT_FALSE(Read("not json").is_object);
  EXPECT_TRUE(Read(kCanonical).is_event());
}

TEST(ReadCanonicalKeyTest, ReadsTheKeyOfACanonicalLineAsViewsIntoIt) {
  EventKey key;
  ASSERT_TRUE(ReadCanonicalKey(kCanonical, &key));
  EXPECT_EQ(key.clock, 7);
  EXPECT_EQ(key.id, "01HQ3K5M7N8P9QRSTVWXYZ0123");
  EXPECT_EQ(key.id.data(), kCanonical.data() + kCanonicalLineHead.size());
}

TEST(ReadCanonicalKeyTest, CannotDecideOddLines) {
  EventKey key;
  for (std::string_view line : {
           R"({"event_id":"A\u0042","lamport_clock":1})",            // escape in the id
           R"({"event_type":"X","event_id":"A","lamport_clock":1})",  // id not first
           R"({"event_id":"A","payload":{"lamport_clock":1}})",       // clock only nested
           R"({"event_id":"A","lamport_clock":01})",                  // not canonical
           R"({"event_id":"A","lamport_clock":1.5})",
           R"({"event_id":"A","lamport_clock":0})",
           R"({"event_id":"A","lamport_clock":9007199254740992})",
           R"({"event_id":"","lamport_clock":1})",
           R"( {"event_id":"A","lamport_clock":1})",
       }) {
    EXPECT_FALSE(ReadCanonicalKey(line, &key)) << line;
  }
  // It does not look past the clock: a later duplicate is the full reading's to judge.
  EXPECT_TRUE(ReadCanonicalKey(R"({"event_id":"A","lamport_clock":1,"lamport_clock":0})", &key));
}

}  // namespace
}  // namespace kittylog
