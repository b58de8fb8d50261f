#include "event/log_fsck.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>

namespace kittylog {
namespace {

std::string Line(char id, int clock) {
  return "{\"event_id\":\"01HQ3K5M7N8P9QRSTVWXYZ012" + std::string(1, id) +
         "\",\"event_type\":\"TagsAdded\",\"event_version\":1,\"lamport_clock\":" + std::to_string(clock) +
         ",\"entity_id\":\"WP01\",\"entity_type\":\"WorkPackage\",\"timestamp\":\"2026-01-27T10:30:00.123Z\","
         "\"actor\":\"a\",\"causation_id\":null,\"correlation_id\":null,\"payload\":{\"tags\":[\"t\"]}}\n";
}

LogContents Read(std::string_view data) {
  std::string buffer(data);
  buffer.append(simdjson::SIMDJSON_PADDING, '\0');
  return ReadLogContents(std::string_view(buffer.data(), data.size()));
}

std::vector<LogProblem::Kind> Kinds(const std::vector<LogProblem>& problems) {
  std::vector<LogProblem::Kind> kinds;
  for (const LogProblem& problem : problems) kinds.push_back(problem.kind);
  return kinds;
}

using Kind = LogProblem::Kind;

TEST(LogFsckTest, MergeDamageIsTypedInLineOrderWithBothWordings) {
  std::string torn = Line('C', 4);
  torn.pop_back();
  std::vector<LogProblem> problems =
      CheckEventLog(Line('B', 2) + Line('A', 1) + "<<<<<<< HEAD\n" + Line('B', 2) + "not json\n" + torn);
  EXPECT_EQ(Kinds(problems),
            (std::vector<Kind>{Kind::kDisorder, Kind::kConflictMarker, Kind::kDuplicateId, Kind::kMalformed, Kind::kTornTail}));
  EXPECT_EQ(problems[1].brief, "git conflict marker");
  EXPECT_EQ(problems[1].text, "conflict marker: run `kittylog repair`");
  EXPECT_EQ(problems[2].brief, "duplicate event_id 01HQ3K5M7N8P9QRSTVWXYZ012B (first at line 1)");
  EXPECT_TRUE(problems[3].brief.starts_with("not an event: not valid JSON")) << problems[3].brief;
  EXPECT_EQ(problems[4].line, 6u);
  EXPECT_EQ(problems[4].brief, "no final newline");
  EXPECT_EQ(problems[4].text, "no final newline (torn tail)");
  EXPECT_EQ(SummarizeProblems(problems),
            "1 conflict marker, 1 duplicate id, 1 malformed line, 1 event out of order, 1 torn tail");
}

TEST(LogFsckTest, ACopyWithinAFileIsLeftOutOfItsOrder) {
  // After the copy of A is removed, C follows B: out of order.
  std::vector<LogProblem> problems = CheckEventLog(Line('A', 1) + Line('B', 3) + Line('A', 1) + Line('C', 2));
  EXPECT_EQ(Kinds(problems), (std::vector<Kind>{Kind::kDuplicateId, Kind::kDisorder}));
  EXPECT_EQ(problems[1].line, 4u);
}

TEST(LogFsckTest, AnEventInOrderAfterTheCopyIsNotReported) {
  // A(5) B(3) A(5) C(4): B is out of order after A; once the copy is removed C follows B in order.
  std::vector<LogProblem> problems = CheckEventLog(Line('A', 5) + Line('B', 3) + Line('A', 5) + Line('C', 4));
  EXPECT_EQ(Kinds(problems), (std::vector<Kind>{Kind::kDisorder, Kind::kDuplicateId}));
  EXPECT_EQ(problems[0].line, 2u);
  EXPECT_EQ(problems[1].line, 3u);
}

TEST(LogFsckTest, DuplicatesAreFoundAcrossFilesAndACopyOfAnotherFileKeepsItsPlace) {
  LogFsck fsck;
  EXPECT_TRUE(fsck.CheckFile("day1", Read(Line('Z', 9))).empty());
  std::vector<LogProblem> problems = fsck.CheckFile("day2", Read(Line('A', 1) + Line('Z', 9) + Line('B', 2)));
  EXPECT_EQ(Kinds(problems), (std::vector<Kind>{Kind::kDuplicateId, Kind::kDisorder}));
  EXPECT_EQ(problems[0].text, "duplicate event_id 01HQ3K5M7N8P9QRSTVWXYZ012Z (first at day1:1)");
  ASSERT_TRUE(fsck.FirstSeen("01HQ3K5M7N8P9QRSTVWXYZ012B").has_value());
  EXPECT_EQ(fsck.FirstSeen("01HQ3K5M7N8P9QRSTVWXYZ012B")->file, "day2");
  EXPECT_EQ(fsck.FirstSeen("01HQ3K5M7N8P9QRSTVWXYZ012B")->line, 3u);
}

TEST(LogFsckTest, SoftProblemsAndMissingNamesAreNotMergeDamage) {
  std::string unnamed = Line('A', 1);
  unnamed.replace(unnamed.find("\"WP01\""), 6, "\"\"");
  LogFsck fsck;
  std::vector<LogProblem> problems = fsck.CheckFile("day", Read(unnamed));
  ASSERT_EQ(Kinds(problems), (std::vector<Kind>{Kind::kUnnamed}));
  EXPECT_EQ(problems[0].text, "entity_id is missing or empty");
  EXPECT_FALSE(problems[0].IsMergeDamage());
  EXPECT_TRUE(CheckEventLog(unnamed).empty());
}

}  // namespace
}  // namespace kittylog
