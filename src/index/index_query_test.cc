// Query filters against a reference replay (ReadLogFile + a filter in C++) on generated logs.
#include "index/index_query.h"

#include <gtest/gtest.h>

#include "index/event_index.h"
#include "index/index_test_util.h"

namespace kittylog {
namespace {

using testing::OpenIndex;
using testing::RawLines;
using testing::ReferenceQuery;
using testing::ScratchRepo;

class QueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::GenerateLog(repo_, 2500, 8, 3);
    index_ = OpenIndex(repo_);
    ASSERT_TRUE(index_);
    reference_ = testing::ReferenceReplay(repo_);
  }
  void ExpectSame(const QueryFilter& filter, const std::string& what) {
    auto events = index_->Query(filter);
    ASSERT_TRUE(events.ok()) << what << ": " << events.status().message();
    EXPECT_EQ(RawLines(*events), ReferenceQuery(reference_, filter)) << what;
    // Every field but the payload's JSON (not kept: index_query.h) is the line's.
    EventDecoder decoder;
    for (const Event& event : *events) {
      Result<Event> full = decoder.DecodeUnpadded(event.raw_line);
      ASSERT_TRUE(full.ok()) << what;
      Event copy = event;
      copy.payload_json = full->payload_json;
      EXPECT_EQ(EncodeEventLine(copy), event.raw_line) << what;
      EXPECT_EQ(event.payload.new_status, full->payload.new_status) << what;
      EXPECT_EQ(event.payload.feature_slug, full->payload.feature_slug) << what;
    }
  }
  ScratchRepo repo_;
  std::unique_ptr<EventIndex> index_;
  std::vector<testing::ReferenceEvent> reference_;
};

TEST_F(QueryTest, NoFilterIsTheWholeLogInTotalOrder) {
  ExpectSame(QueryFilter{}, "all");
  auto events = index_->Query(QueryFilter{});
  for (size_t i = 1; i < events->size(); ++i) EXPECT_TRUE(TotalOrderLess((*events)[i - 1], (*events)[i]));
}

TEST_F(QueryTest, EachFilterAlone) {
  for (const char* entity : {"WP01", "WP03", "gate-ci-WP02", "001-feature-x", "WP02-T01", "nope"}) {
    QueryFilter filter;
    filter.entity = entity;
    ExpectSame(filter, std::string("entity ") + entity);
  }
  for (const char* type : {"WorkPackage", "Gate", "FeatureSpec", "Subtask"}) {
    QueryFilter filter;
    filter.entity_type = type;
    ExpectSame(filter, std::string("entity type ") + type);
  }
  for (const char* type : {"WPStatusChanged", "WPCreated", "TagsAdded", "CounterIncremented", "Unknown"}) {
    QueryFilter filter;
    filter.event_type = type;
    ExpectSame(filter, std::string("type ") + type);
  }
  for (const char* feature : {"001-feature-x", "003-feature-x", ""}) {
    QueryFilter filter;
    filter.feature = feature;
    ExpectSame(filter, std::string("feature ") + feature);
  }
  for (const char* actor : {"claude", "bob \"the builder\"", "zoë"}) {
    QueryFilter filter;
    filter.actor = actor;
    ExpectSame(filter, std::string("actor ") + actor);
  }
}

TEST_F(QueryTest, ClockAndDateRanges) {
  QueryFilter filter;
  filter.since_clock = 100;
  ExpectSame(filter, "since 100");
  filter.until_clock = 900;
  ExpectSame(filter, "100..900");
  filter.since_clock.reset();
  ExpectSame(filter, "until 900");
  QueryFilter dates;
  dates.from_date = ScratchRepo::DayName(2);
  ExpectSame(dates, "from day 2");
  dates.to_date = ScratchRepo::DayName(5);
  ExpectSame(dates, "day 2..5");
  dates.from_date = ScratchRepo::DayName(3);
  dates.to_date = ScratchRepo::DayName(3);
  ExpectSame(dates, "day 3 only");
  dates.from_date = "2030-01-01";
  dates.to_date.reset();
  ExpectSame(dates, "after the log");
}

TEST_F(QueryTest, CombinationsAndLimits) {
  std::mt19937 random(11);
  const char* entities[] = {"WP01", "WP02", "WP04"};
  const char* features[] = {"001-feature-x", "002-feature-x"};
  const char* types[] = {"WPStatusChanged", "TagsAdded", "WPCreated"};
  for (int i = 0; i < 60; ++i) {
    QueryFilter filter;
    if (random() % 2) filter.entity = entities[random() % 3];
    if (random() % 2) filter.feature = features[random() % 2];
    if (random() % 3 == 0) filter.event_type = types[random() % 3];
    if (random() % 3 == 0) filter.entity_type = "WorkPackage";
    if (random() % 4 == 0) filter.actor = "alice";
    if (random() % 3 == 0) filter.since_clock = random() % 1000;
    if (random() % 3 == 0) filter.until_clock = 500 + random() % 1500;
    if (random() % 4 == 0) filter.from_date = ScratchRepo::DayName(static_cast<int>(random() % 4));
    if (random() % 4 == 0) filter.to_date = ScratchRepo::DayName(4 + static_cast<int>(random() % 4));
    if (random() % 2) filter.limit = random() % 40;
    ExpectSame(filter, fmt::format("combination {}", i));
  }
}

TEST_F(QueryTest, LimitNeverCutsATieGroupBeforeSorting) {
  // Two events at one clock whose ids sort opposite to file order.
  Event later = repo_.Status(0, 5'000'000, "001-feature-x", "WP01", "for_review", "done");
  Event earlier = repo_.Status(0, 5'000'000, "001-feature-x", "WP01", "for_review", "doing");
  ASSERT_LT(later.event_id, earlier.event_id);
  repo_.Append(0, {earlier});  // indexed first
  repo_.Append(7, {later});
  index_ = OpenIndex(repo_);
  reference_ = testing::ReferenceReplay(repo_);
  QueryFilter filter;
  filter.since_clock = 5'000'000;
  filter.limit = 1;
  ExpectSame(filter, "limit 1 in a tie");
  auto events = index_->Query(filter);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].event_id, later.event_id);
}

TEST_F(QueryTest, FilterValuesAreDataNeverSql) {
  for (const char* value : {"WP01' OR '1'='1", "x\"); DROP TABLE events; --", "'; DELETE FROM names; --",
                            "%", "_", "WP0%", "?1", "\\"}) {
    QueryFilter filter;
    filter.entity = value;
    auto events = index_->Query(filter);
    ASSERT_TRUE(events.ok()) << value;
    EXPECT_TRUE(events->empty()) << value;
    filter.entity.reset();
    filter.actor = value;
    EXPECT_TRUE(index_->Query(filter)->empty()) << value;
    filter.actor.reset();
    filter.from_date = std::string("2026-01-01");
    filter.feature = value;
    EXPECT_TRUE(index_->Query(filter)->empty()) << value;
  }
  ExpectSame(QueryFilter{}, "still intact");
  // An actor whose name holds SQL and quotes is matched exactly, as data.
  Event tricky = repo_.Make(1, 6'000'000, "TagsAdded", "WP01'--", "WorkPackage", R"({"tags":["a"]})",
                            "x' OR 1=1; DROP TABLE events; --");
  repo_.Append(1, {tricky});
  index_ = OpenIndex(repo_);
  QueryFilter filter;
  filter.actor = tricky.actor;
  auto events = index_->Query(filter);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].raw_line, tricky.raw_line);
  filter.actor.reset();
  filter.entity = "WP01'--";
  EXPECT_EQ(index_->Query(filter)->size(), 1u);
}

TEST_F(QueryTest, MalformedFiltersAreUsageErrors) {
  for (const char* date : {"2026-13-01", "yesterday", "2026-1-1", "2026-02-30", ""}) {
    QueryFilter filter;
    filter.from_date = date;
    auto events = index_->Query(filter);
    ASSERT_FALSE(events.ok()) << date;
    EXPECT_EQ(events.status().kind(), ErrorKind::kUsage);
    EXPECT_NE(events.status().message().find("from"), std::string::npos);
  }
  QueryFilter filter;
  filter.to_date = "31/01/2026";
  EXPECT_NE(index_->Query(filter).status().message().find("to date"), std::string::npos);
  QueryFilter negative;
  negative.limit = -1;
  EXPECT_EQ(index_->Query(negative).status().kind(), ErrorKind::kUsage);
}

TEST_F(QueryTest, EventsComeBackWhole) {
  auto events = index_->Query(QueryFilter{});
  ASSERT_FALSE(events->empty());
  for (size_t i = 0; i < reference_.size(); ++i) {
    const Event& want = reference_[i].event;
    const Event& got = (*events)[i];
    EXPECT_EQ(got.event_id, want.event_id);
    EXPECT_EQ(got.actor, want.actor);
    EXPECT_EQ(got.payload.feature_slug, want.payload.feature_slug);
    EXPECT_EQ(got.payload.new_status, want.payload.new_status);
    EXPECT_EQ(got.timestamp, want.timestamp);
  }
}

}  // namespace
}  // namespace kittylog
