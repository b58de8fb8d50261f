// `kittylog query` and `kittylog index rebuild|check|stats` through the real binary.
#include <sqlite3.h>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "index/index_test_util.h"
#include "tests/support/test_support.h"

namespace kittylog {
namespace {

using testing::ScratchRepo;

class IndexCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::GenerateLog(repo_, 300, 3, 17);
    Event tricky = repo_.Make(1, 900, "TagsAdded", "WP01", "WorkPackage", R"({"tags":["x"],"feature_slug":"001-feature-x"})",
                              "mallory\x1b[2J\x07");
    repo_.Append(1, {tricky});
  }
  testing::ProcessResult Run(const std::vector<std::string>& args) { return testing::Kittylog(repo_.root(), args); }
  std::string AllLinesInTotalOrder() {
    std::string lines;
    for (const std::string& line : testing::ReferenceQuery(testing::ReferenceReplay(repo_), QueryFilter{})) {
      lines += line + "\n";
    }
    return lines;
  }
  ScratchRepo repo_;
};

TEST_F(IndexCliTest, JsonlIsTheOriginalLinesInTotalOrder) {
  testing::ProcessResult result = Run({"query", "--format", "jsonl"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, AllLinesInTotalOrder());
}

TEST_F(IndexCliTest, JsonIsAnArrayOfTheEvents) {
  testing::ProcessResult result = Run({"query", "--format", "json", "--feature", "002-feature-x"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  simdjson::dom::parser parser;
  simdjson::dom::array array;
  ASSERT_EQ(parser.parse(result.out).get_array().get(array), simdjson::SUCCESS) << result.out;
  QueryFilter filter;
  filter.feature = "002-feature-x";
  EXPECT_EQ(array.size(), testing::ReferenceQuery(testing::ReferenceReplay(repo_), filter).size());
  // --json makes json the default format.
  testing::ProcessResult json = Run({"--json", "query", "--feature", "002-feature-x"});
  EXPECT_EQ(json.out, result.out);
}

TEST_F(IndexCliTest, TableEscapesControlCharacters) {
  testing::ProcessResult result = Run({"query", "--type", "TagsAdded", "--limit", "1000"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(result.out.find('\x07'), std::string::npos);
  EXPECT_NE(result.out.find("mallory\\x1b[2J\\x07"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.rfind("CLOCK", 0), 0u);
}

TEST_F(IndexCliTest, FiltersAndLimit) {
  testing::ProcessResult result = Run({"query", "--format", "jsonl", "--entity", "WP02", "--feature", "001-feature-x",
                                       "--since-clock", "10", "--until-clock", "200", "--limit", "3"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  QueryFilter filter;
  filter.entity = "WP02";
  filter.feature = "001-feature-x";
  filter.since_clock = 10;
  filter.until_clock = 200;
  filter.limit = 3;
  std::string expected;
  for (const std::string& line : testing::ReferenceQuery(testing::ReferenceReplay(repo_), filter)) {
    expected += line + "\n";
  }
  EXPECT_EQ(result.out, expected);
}

TEST_F(IndexCliTest, BadFilterValuesAreUsageErrorsNamingTheFlag) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"query", "--from", "2026-02-30"}, "--from"},
      {{"query", "--to", "tomorrow"}, "--to"},
      {{"query", "--since-clock", "-1"}, "--since-clock"},
      {{"query", "--until-clock", "12abc"}, "--until-clock"},
      {{"query", "--limit", "ten"}, "--limit"},
      {{"query", "--format", "xml"}, "--format"},
  };
  for (const auto& [args, flag] : cases) {
    testing::ProcessResult result = Run(args);
    EXPECT_EQ(result.exit_code, 2) << flag;
    EXPECT_NE(result.err.find(flag), std::string::npos) << result.err;
    EXPECT_TRUE(result.out.empty());
  }
}

TEST_F(IndexCliTest, SqlInAFilterIsData) {
  testing::ProcessResult result = Run({"query", "--entity", "WP01' OR '1'='1", "--format", "jsonl"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.out.empty());
  result = Run({"query", "--actor", "x'); DROP TABLE events; --", "--format", "jsonl"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(Run({"query", "--format", "jsonl"}).out, AllLinesInTotalOrder());
}

TEST_F(IndexCliTest, CorruptIndexIsHealedAndTheQueryAnswers) {
  ASSERT_EQ(Run({"index", "rebuild"}).exit_code, 0);
  ScratchRepo::WriteAll(repo_.index_path(), std::string(8192, 'x'));
  testing::ProcessResult result = Run({"query", "--format", "jsonl"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, AllLinesInTotalOrder());
  EXPECT_NE(result.err.find("set aside as index.db.corrupt-"), std::string::npos) << result.err;
}

TEST_F(IndexCliTest, RebuildStatsAndCheck) {
  testing::ProcessResult rebuild = Run({"index", "rebuild"});
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  EXPECT_NE(rebuild.out.find("index rebuilt"), std::string::npos);
  testing::ProcessResult stats = Run({"--json", "index", "stats"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(stats.out).get(root), simdjson::SUCCESS) << stats.out;
  EXPECT_EQ(int64_t(root["events"]), static_cast<int64_t>(testing::ReferenceReplay(repo_).size()));
  EXPECT_EQ(int64_t(root["files"]), 3);
  testing::ProcessResult check = Run({"index", "check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

TEST_F(IndexCliTest, CheckExitsOneWithALinePerDivergence) {
  ASSERT_EQ(Run({"index", "rebuild"}).exit_code, 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(repo_.index_path().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE wp_state SET lane = 'bogus' WHERE wp = 'WP01'", nullptr, nullptr, nullptr),
            SQLITE_OK);
  int changed = sqlite3_changes(db);
  sqlite3_close(db);
  testing::ProcessResult check = Run({"index", "check"});
  EXPECT_EQ(check.exit_code, 1);
  std::vector<std::string> lines = testing::SplitLines(check.out);
  ASSERT_EQ(lines.size(), static_cast<size_t>(changed) + 1);  // one per divergence, then the count
  for (int i = 0; i < changed; ++i) EXPECT_NE(lines[i].find("wp_state"), std::string::npos) << lines[i];
  EXPECT_NE(check.err.find("index rebuild"), std::string::npos);
}

}  // namespace
}  // namespace kittylog
