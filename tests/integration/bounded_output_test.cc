// Bounded output (issue 13, item 2; DESIGN §6): `status` prints the first few warnings in full
// and one summary line with the counts of the rest; `--json` carries the total count of each
// kind and the first few of each list; `conflicts` and `verify` still list them all. An import
// of thousands of work packages that were never created must not print a line per package.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "tests/integration/workflow_fixture.h"

namespace kittylog::workflow_test {
namespace {

using testing::ProcessResult;

size_t CountOf(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++count;
  return count;
}

size_t WarningLines(const std::string& out) {
  size_t count = 0;
  for (const std::string& line : testing::SplitLines(out)) count += line.starts_with("warning:");
  return count;
}

std::string WpId(int n) {
  std::string digits = std::to_string(n);
  return "WP" + std::string(digits.size() < 3 ? 3 - digits.size() : 0, '0') + digits;
}

class BoundedOutputTest : public WorkflowTest {
 protected:
  void RemoveIndex() const {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(dir_.path() + "/.kittify/events/index.db" + suffix);
    }
  }
  std::string MoveLine(int id, int64_t clock, const std::string& wp, const std::string& from,
                       const std::string& to) const {
    return EncodeEventLine(MakeEvent(id, clock, "WPStatusChanged", wp, "WorkPackage",
                                     R"({"feature_slug":")" + std::string(kFeature) + R"(","old_status":")" + from +
                                         R"(","new_status":")" + to + R"("})",
                                     "importer")) +
           "\n";
  }
};

// An import: 500 work packages moved, none of them created. Each is a lifecycle break; `status`
// shows ten of them and one line for the other 490, through the index and through a rebuild.
TEST_F(BoundedOutputTest, AnImportOfWorkPackagesNeverCreatedPrintsAFewLines) {
  Ok({"spec", "create", kFeature, "--title", "Login"});  // clock 1
  std::string lines;
  for (int i = 1; i <= 500; ++i) lines += MoveLine(100 + i, 1 + i, WpId(i), "planned", "doing");
  testing::WriteFile(DailyFile(), testing::ReadFileOrEmpty(DailyFile()) + lines);

  ProcessResult status = Run({"status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_LE(WarningLines(status.out), 11u) << status.out;
  EXPECT_EQ(CountOf(status.out, "lifecycle break in"), 10u) << status.out;
  EXPECT_NE(status.out.find("warning: ... and 490 more warnings (490 lifecycle breaks); `kittylog verify` "
                            "lists them all"),
            std::string::npos)
      << status.out;

  ProcessResult json = Run({"--json", "status"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find(R"("warning_counts":{"conflicts":0,"lifecycle_breaks":500,"saturated_counters":0,)"
                          R"("dependency_cycles":0})"),
            std::string::npos)
      << json.out.substr(json.out.size() > 400 ? json.out.size() - 400 : 0);
  EXPECT_EQ(CountOf(json.out, R"("problem":)"), 10u);

  RemoveIndex();  // a full rebuild shows the same
  EXPECT_EQ(Run({"status"}).out, status.out);

  ProcessResult verify = Run({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_EQ(CountOf(verify.err, "lifecycle break"), 500u);
}

// Many conflicts (each also a lifecycle break: planned -> rejected): `status` shows the first
// ten in full and counts the rest of each kind; `conflicts` lists every conflict.
TEST_F(BoundedOutputTest, ManyConflictsAreCountedByStatusAndListedByConflicts) {
  Ok({"spec", "create", kFeature, "--title", "Login"});  // clock 1
  std::string lines;
  int id = 100;
  int64_t clock = 1;
  for (int i = 1; i <= 25; ++i) {
    lines += EncodeEventLine(MakeEvent(++id, ++clock, "WPCreated", WpId(i), "WorkPackage",
                                       R"({"feature_slug":")" + std::string(kFeature) + R"(","title":"Work"})")) +
             "\n";
  }
  for (int i = 1; i <= 25; ++i) {
    ++clock;
    lines += MoveLine(++id, clock, WpId(i), "planned", "doing");
    lines += MoveLine(++id, clock, WpId(i), "planned", "rejected");  // same clock: concurrent, and a break
  }
  testing::WriteFile(DailyFile(), testing::ReadFileOrEmpty(DailyFile()) + lines);

  ProcessResult status = Run({"status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_EQ(CountOf(status.out, "warning: concurrent status changes"), 10u) << status.out;
  EXPECT_NE(status.out.find("warning: ... and 40 more warnings (15 conflicts, 25 lifecycle breaks); "
                            "`kittylog conflicts` and `kittylog verify` list them all"),
            std::string::npos)
      << status.out;
  ProcessResult json = Run({"--json", "status"});
  EXPECT_NE(json.out.find(R"("warning_counts":{"conflicts":25,"lifecycle_breaks":25,)"), std::string::npos) << json.out;

  ProcessResult conflicts = Run({"conflicts"});
  ASSERT_EQ(conflicts.exit_code, 0) << conflicts.err;
  for (int i = 1; i <= 25; ++i) {
    EXPECT_NE(conflicts.out.find("001-login/" + WpId(i)), std::string::npos) << WpId(i) << "\n" << conflicts.out;
  }
}

// Saturated counters past the first ten are counted; no command lists them, so the line names
// none.
TEST_F(BoundedOutputTest, SaturatedCountersPastTheFirstTenAreCounted) {
  Ok({"spec", "create", kFeature, "--title", "Login"});  // clock 1
  std::string lines;
  int id = 100;
  for (int i = 1; i <= 12; ++i) {
    for (int half = 0; half < 2; ++half) {
      ++id;
      lines += EncodeEventLine(MakeEvent(id, 1 + id, "CounterIncremented", WpId(i), "WorkPackage",
                                         R"({"counter":"c","delta":9223372036854775807,"feature_slug":")" +
                                             std::string(kFeature) + R"("})")) +
               "\n";
    }
  }
  testing::WriteFile(DailyFile(), testing::ReadFileOrEmpty(DailyFile()) + lines);
  ProcessResult status = Run({"status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_EQ(CountOf(status.out, "saturated at"), 10u) << status.out;
  EXPECT_NE(status.out.find("warning: ... and 2 more warnings (2 saturated counters)\n"), std::string::npos)
      << status.out;
  ProcessResult json = Run({"--json", "status"});
  EXPECT_NE(json.out.find(R"("saturated_counters":12,)"), std::string::npos) << json.out;
}

}  // namespace
}  // namespace kittylog::workflow_test
