#include "store/error_log.h"

#include <gtest/gtest.h>

#include "platform/file_io.h"
#include "tests/support/test_support.h"

namespace kittylog {
namespace {

TEST(ErrorLogTest, RecordsAndReadsBackFilteredByEntity) {
  testing::TempDir dir;
  LogLayout layout(dir.path());
  ErrorRecord record;
  record.error_type = "InvalidTransition";
  record.entity_id = "WP01";
  record.attempted_operation = "wp move WP01 --to done";
  record.reason = "planned -> done is not a valid transition; valid: doing";
  record.context_json = R"({"feature":"001-demo","from":"planned","to":"done"})";
  ASSERT_TRUE(RecordError(layout, record).ok());
  record.entity_id = "WP02";
  ASSERT_TRUE(RecordError(layout, record).ok());

  Result<std::vector<ErrorRecord>> all = ReadErrors(layout, std::nullopt);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  Result<std::vector<ErrorRecord>> one = ReadErrors(layout, std::string("WP01"));
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].error_type, "InvalidTransition");
  EXPECT_EQ((*one)[0].attempted_operation, "wp move WP01 --to done");
  EXPECT_EQ((*one)[0].context_json, R"({"feature":"001-demo","from":"planned","to":"done"})");
  EXPECT_EQ((*one)[0].error_id.size(), 26u);
}

TEST(ErrorLogTest, BadLinesAreSkippedAndReported) {
  testing::TempDir dir;
  LogLayout layout(dir.path());
  ASSERT_TRUE(platform::MakeDirectories(layout.errors_dir()).ok());
  ASSERT_TRUE(platform::AtomicReplace(layout.errors_dir() + "/2026-01-27.jsonl",
                                      "not json\n{\"error_type\":\"X\",\"entity_id\":\"WP01\"}\n")
                  .ok());
  std::vector<std::string> problems;
  Result<std::vector<ErrorRecord>> all = ReadErrors(layout, std::nullopt, &problems);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], ".kittify/errors/2026-01-27.jsonl:1: not a JSON object");
}

}  // namespace
}  // namespace kittylog
