// Lifecycle breaks are visible (issue 10, item 3; DESIGN §5): history that breaks the lifecycle
// (an import through `emit`, two branches merged) is replayed as written and flagged by
// `status`, one summarised line per work package, through the index as through a full replay,
// and listed by `verify` (exit 0; 1 with --strict). A status change without a valid new_status
// is flagged and not applied.
#include <filesystem>

#include <gtest/gtest.h>

#include "tests/integration/workflow_fixture.h"

namespace kittylog::workflow_test {
namespace {

using testing::ProcessResult;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

size_t CountOf(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++count;
  return count;
}

std::string LaneOf(const std::string& status_json, const std::string& wp) {
  std::string key = R"("work_package_id":")" + wp + R"(")";
  size_t at = status_json.find(key);
  if (at == std::string::npos) return "";
  size_t lane = status_json.find(R"("lane":")", at);
  if (lane == std::string::npos) return "";
  lane += 8;
  return status_json.substr(lane, status_json.find('"', lane) - lane);
}

class LifecycleVisibilityTest : public WorkflowTest {
 protected:
  void RemoveIndex() const {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(dir_.path() + "/.kittify/events/index.db" + suffix);
    }
  }
};

// A from-lane mismatch deep in a WP's history (not in the group that decides its lane now) is
// flagged by a warm `status`: today only `history`, which replays everything, saw it.
TEST_F(LifecycleVisibilityTest, StatusFlagsAFromLaneMismatchThroughTheIndex) {
  CreateFeature(2);  // clocks 1-3
  Move("WP01", "doing");  // clock 4
  Ok({"status"});         // the index is warm from here on
  // An import claims WP01 left `rejected`, a lane it never was in, then life goes on.
  AppendMove(50, 5, "WP01", "rejected", "doing", "importer");
  Move("WP01", "for_review");  // clock 6
  Move("WP01", "done");        // clock 7: decides the lane; the break is two moves back
  ProcessResult status = Run({"status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(Contains(status.out, "Done (1)")) << status.out;
  EXPECT_EQ(CountOf(status.out, "lifecycle break"), 1u) << status.out;
  EXPECT_TRUE(Contains(status.out, "lifecycle break in 001-login/WP01 at clock 5 (event " + Ulid(50) +
                                       ", by importer): old_status rejected, but the replayed lane was doing (and it "
                                       "never was rejected)"))
      << status.out;
  ProcessResult json = Run({"--json", "status"});
  EXPECT_TRUE(Contains(json.out, R"("lifecycle_breaks":[{"entity":"001-login/WP01")")) << json.out;

  // The same board and warnings from a full rebuild.
  RemoveIndex();
  ProcessResult rebuilt = Run({"status"});
  EXPECT_EQ(rebuilt.out, status.out);
  EXPECT_EQ(Run({"index", "check"}).exit_code, 0);
}

// Several breaks of one WP are one line, with their count and the latest; other WPs are not
// touched. verify lists every break but exits 0; --strict makes them problems.
TEST_F(LifecycleVisibilityTest, ManyBreaksAreOneSummarisedLinePerWorkPackage) {
  CreateFeature(2);
  Ok({"status"});
  AppendMove(60, 4, "WP01", "planned", "done", "importer");       // not a lifecycle move
  AppendMove(61, 5, "WP01", "rejected", "for_review", "importer");  // from a lane it never was in
  AppendMove(62, 6, "WP01", "for_review", "planned", "importer");   // not a lifecycle move
  AppendMove(63, 7, "WP02", "planned", "for_review", "importer");   // not a lifecycle move
  ProcessResult status = Run({"status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_EQ(CountOf(status.out, "001-login/WP01"), 1u) << status.out;
  EXPECT_TRUE(Contains(status.out, "lifecycle breaks in 001-login/WP01: 3 moves replayed as written; the latest at "
                                   "clock 6 (event " + Ulid(62) + ", by importer): for_review -> planned is not a "
                                   "lifecycle move"))
      << status.out;
  EXPECT_TRUE(Contains(status.out, "lifecycle break in 001-login/WP02 at clock 7")) << status.out;
  ProcessResult json = Run({"--json", "status"});
  EXPECT_TRUE(Contains(json.out, R"("count":3)")) << json.out;
  RemoveIndex();
  EXPECT_EQ(Run({"status"}).out, status.out);

  ProcessResult verify = Run({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  for (int id : {60, 61, 62, 63}) EXPECT_TRUE(Contains(verify.err, Ulid(id))) << verify.err;
  EXPECT_EQ(CountOf(verify.err, "lifecycle break"), 4u) << verify.err;
  EXPECT_TRUE(Contains(verify.err, "2026-01-27.jsonl:6: lifecycle break")) << verify.err;  // file:line
  ProcessResult strict = Run({"verify", "--strict"});
  EXPECT_EQ(strict.exit_code, 1) << strict.err;
  ProcessResult strict_json = Run({"--json", "verify", "--strict"});
  EXPECT_EQ(strict_json.exit_code, 1);
  EXPECT_TRUE(Contains(strict_json.out, "lifecycle break")) << strict_json.out;
}

// A WPStatusChanged whose new_status is missing or not a lane is flagged and not applied: the
// board does not grow an unnamed (or invented) column, and the lane stays.
TEST_F(LifecycleVisibilityTest, AStatusChangeWithoutAValidNewStatusIsNotApplied) {
  CreateFeature(2);
  Move("WP01", "doing");  // clock 4
  Ok({"status"});
  AppendLine(EncodeEventLine(MakeEvent(70, 5, "WPStatusChanged", "WP01", "WorkPackage",
                                       R"({"feature_slug":"001-login","old_status":"doing"})", "importer")));
  AppendLine(EncodeEventLine(MakeEvent(71, 6, "WPStatusChanged", "WP02", "WorkPackage",
                                       R"({"feature_slug":"001-login","old_status":"planned","new_status":"shipping"})",
                                       "importer")));
  for (bool warm : {true, false}) {
    SCOPED_TRACE(warm ? "warm index" : "rebuilt index");
    if (!warm) RemoveIndex();
    ProcessResult json = Run({"--json", "status"});
    ASSERT_EQ(json.exit_code, 0) << json.err;
    EXPECT_EQ(LaneOf(json.out, "WP01"), "doing") << json.out;
    EXPECT_EQ(LaneOf(json.out, "WP02"), "planned") << json.out;
    EXPECT_TRUE(Contains(json.out, R"("columns":["planned","doing","for_review","done"])")) << json.out;
    ProcessResult status = Run({"status"});
    EXPECT_FALSE(Contains(status.out, "shipping (")) << status.out;
    EXPECT_TRUE(Contains(status.out, "lifecycle break in 001-login/WP01 at clock 5")) << status.out;
    EXPECT_TRUE(Contains(status.out, "no valid new_status")) << status.out;
    EXPECT_TRUE(Contains(status.out, "lifecycle break in 001-login/WP02 at clock 6")) << status.out;
  }
  std::string history = Ok({"history", "WP02", "--feature", kFeature});
  EXPECT_TRUE(Contains(history, "not applied")) << history;
  EXPECT_TRUE(Contains(history, "lane planned")) << history;
  ProcessResult verify = Run({"verify"});
  EXPECT_EQ(verify.exit_code, 0);
  EXPECT_EQ(CountOf(verify.err, "lifecycle break"), 2u) << verify.err;
  // The next move starts from the lane the log really holds.
  Move("WP01", "for_review");
  EXPECT_EQ(Events().back().payload.old_status, "doing");
}

}  // namespace
}  // namespace kittylog::workflow_test
