#include "event/timestamp.h"

#include <string>

#include <gtest/gtest.h>

#include "event/log_layout.h"

namespace kittylog {
namespace {

constexpr int64_t kDay = 86400000;

TEST(FormatTimestampTest, KnownInstants) {
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(1), "1970-01-01T00:00:00.001Z");
  EXPECT_EQ(FormatTimestamp(1769509800123), "2026-01-27T10:30:00.123Z");
  EXPECT_EQ(FormatTimestamp(946684800000), "2000-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(2147483648000), "2038-01-19T03:14:08.000Z");
  EXPECT_EQ(FormatTimestamp(4107542400000), "2100-03-01T00:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(253402300799999), "9999-12-31T23:59:59.999Z");
}

TEST(FormatTimestampTest, BeforeTheEpoch) {
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatTimestamp(-1000), "1969-12-31T23:59:59.000Z");
  EXPECT_EQ(FormatTimestamp(-kDay), "1969-12-31T00:00:00.000Z");
}

TEST(FormatTimestampTest, LeapDays) {
  EXPECT_EQ(FormatTimestamp(1709208000000), "2024-02-29T12:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(1709208000000 + kDay / 2), "2024-03-01T00:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(951782400000), "2000-02-29T00:00:00.000Z");  // 2000 is a leap year
  EXPECT_EQ(FormatTimestamp(4107542400000 - kDay), "2100-02-28T00:00:00.000Z");  // 2100 is not
}

TEST(UtcDateTest, MidnightBoundaries) {
  const int64_t midnight = 1767225600000;  // 2026-01-01T00:00:00.000Z
  EXPECT_EQ(FormatTimestamp(midnight), "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(UtcDate(midnight - 1), "2025-12-31");  // 23:59:59.999
  EXPECT_EQ(FormatTimestamp(midnight - 1), "2025-12-31T23:59:59.999Z");
  EXPECT_EQ(UtcDate(midnight), "2026-01-01");
  EXPECT_EQ(UtcDate(midnight + 1), "2026-01-01");
  EXPECT_EQ(UtcDate(0), "1970-01-01");
  EXPECT_EQ(UtcDate(-1), "1969-12-31");
  EXPECT_EQ(UtcDate(1709251199999), "2024-02-29");
  EXPECT_EQ(UtcDate(1709251200000), "2024-03-01");
}

TEST(ParseTimestampTest, ParsesWhatFormatWrites) {
  for (int64_t t : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{1769509800123}, int64_t{1709208000000},
                    int64_t{1767225599999}, int64_t{1767225600000}, int64_t{253402300799999}, int64_t{951782400000}}) {
    std::optional<int64_t> parsed = ParseTimestamp(FormatTimestamp(t));
    ASSERT_TRUE(parsed.has_value()) << FormatTimestamp(t);
    EXPECT_EQ(*parsed, t);
  }
  // Every millisecond of a few seconds and every hour of a leap year round-trips.
  for (int64_t t = 1709251195000; t < 1709251205000; t += 7) EXPECT_EQ(ParseTimestamp(FormatTimestamp(t)), t);
  for (int64_t t = 1704067200000; t < 1735689600000; t += 3600000 + 1) {
    EXPECT_EQ(ParseTimestamp(FormatTimestamp(t)), t);
  }
}

TEST(ParseTimestampTest, KnownValues) {
  EXPECT_EQ(ParseTimestamp("2026-01-27T10:30:00.123Z"), 1769509800123);
  EXPECT_EQ(ParseTimestamp("2024-02-29T23:59:59.999Z"), 1709251199999);
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:00.000Z"), 0);
}

TEST(ParseTimestampTest, RejectsOtherForms) {
  for (std::string_view text : {
           "2026-01-27T10:30:00.123",        // no Z
           "2026-01-27T10:30:00Z",           // no millis
           "2026-01-27T10:30:00.12Z",        // two digits of millis
           "2026-01-27T10:30:00.1234Z",      // four
           "2026-01-27T10:30:00.123+00:00",  // offset instead of Z
           "2026-01-27T10:30:00.123z",       // lower-case z
           "2026-01-27t10:30:00.123Z",       // lower-case t
           "2026-01-27 10:30:00.123Z",       // space separator
           "2026-13-01T00:00:00.000Z",       // month 13
           "2026-00-10T00:00:00.000Z",       // month 0
           "2026-02-30T00:00:00.000Z",       // Feb 30
           "2025-02-29T00:00:00.000Z",       // not a leap year
           "2100-02-29T00:00:00.000Z",       // century, not a leap year
           "2026-04-31T00:00:00.000Z",       // April has 30 days
           "2026-01-00T00:00:00.000Z",       // day 0
           "2026-01-27T24:00:00.000Z",       // hour 24
           "2026-01-27T10:60:00.000Z",       // minute 60
           "2026-01-27T10:30:60.000Z",       // leap second
           "2026-1-27T10:30:00.123Z",
           "2026-01-27T10:30:0a.123Z",
           "2026-01-27T10:30:00.12aZ",
           "+026-01-27T10:30:00.123Z",
           "2026/01/27T10:30:00.123Z",
           "",
           "2026-01-27",
       }) {
    EXPECT_FALSE(ParseTimestamp(text).has_value()) << text;
  }
}

TEST(IsValidDateTest, RealDatesOnly) {
  EXPECT_TRUE(IsValidDate("2026-01-27"));
  EXPECT_TRUE(IsValidDate("2024-02-29"));
  EXPECT_TRUE(IsValidDate("2000-02-29"));
  EXPECT_TRUE(IsValidDate("2026-12-31"));
  EXPECT_FALSE(IsValidDate("2026-02-29"));
  EXPECT_FALSE(IsValidDate("1900-02-29"));
  EXPECT_FALSE(IsValidDate("2026-02-30"));
  EXPECT_FALSE(IsValidDate("2026-13-01"));
  EXPECT_FALSE(IsValidDate("2026-00-01"));
  EXPECT_FALSE(IsValidDate("2026-06-31"));
  EXPECT_FALSE(IsValidDate("2026-01-32"));
  EXPECT_FALSE(IsValidDate("2026-1-27"));
  EXPECT_FALSE(IsValidDate("2026-01-27x"));
  EXPECT_FALSE(IsValidDate("2026_01_27"));
  EXPECT_FALSE(IsValidDate("abcd-ef-gh"));
  EXPECT_FALSE(IsValidDate(""));
}

TEST(LogLayoutTest, DailyFileNamesAreRealDates) {
  EXPECT_TRUE(IsDailyFileName("2026-01-27.jsonl"));
  EXPECT_TRUE(IsDailyFileName("2024-02-29.jsonl"));
  EXPECT_FALSE(IsDailyFileName("2026-02-29.jsonl"));
  EXPECT_FALSE(IsDailyFileName("2026-01-27.json"));
  EXPECT_FALSE(IsDailyFileName("2026-01-27.jsonl.tmp-12"));
  EXPECT_FALSE(IsDailyFileName("index.db"));
  EXPECT_FALSE(IsDailyFileName("2026-1-27.jsonl"));
  EXPECT_FALSE(IsDailyFileName(""));
}

TEST(LogLayoutTest, PathsUnderTheWorkTree) {
  LogLayout layout("/repo");
  EXPECT_EQ(layout.kittify_dir(), "/repo/.kittify");
  EXPECT_EQ(layout.events_dir(), "/repo/.kittify/events");
  EXPECT_EQ(layout.index_path(), "/repo/.kittify/events/index.db");
  EXPECT_EQ(layout.clock_path(), "/repo/.kittify/clock.json");
  EXPECT_EQ(layout.errors_dir(), "/repo/.kittify/errors");
  EXPECT_EQ(layout.lock_path(), "/repo/.kittify/.lock");
  EXPECT_EQ(layout.quarantine_dir(), "/repo/.kittify/quarantine");
  EXPECT_EQ(layout.daily_file(UtcDate(1769509800123)), "/repo/.kittify/events/2026-01-27.jsonl");
  EXPECT_EQ(RelativeEventFile("2026-01-27.jsonl"), ".kittify/events/2026-01-27.jsonl");
}

}  // namespace
}  // namespace kittylog
