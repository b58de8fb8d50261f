// A reviewer's rollback is never lost, whatever the clocks (issue 10, item 2; DESIGN §6 (c)).
// Real branches, the real driver and the real binaries: after `git merge`, the board (through
// the index, warm or rebuilt), `history`, `conflicts`, `conflicts --rev HEAD` and the driver's
// report name the same winner. The property test runs random histories on two or three
// branches, merged in a random order, with a fixed seed.
#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include <simdjson.h>

#include "tests/integration/git_fixture.h"

namespace kittylog::gittest {
namespace {

// The winner each view names for one work package ("" when the view names none).
struct Views {
  std::string board;           // status --json: the WP's deciding event
  std::string board_lane;
  std::string board_conflict;  // status --json: the status warning's winner, when a group decided
  std::string history;         // history --json: the last status change it applied
  std::string conflicts;       // conflicts --json: the last status group of the WP, when it decided
  std::string conflicts_rev;   // conflicts --rev HEAD --json (both sides changed its status)
  std::string driver;          // the driver's report during `git merge` (idem)
};

std::string JsonString(simdjson::dom::element element, const char* key) {
  std::string_view value;
  if (element[key].get(value) != simdjson::SUCCESS) return "";
  return std::string(value);
}

class RollbackAgreementTest : public GitTest {
 protected:
  // Runs `git merge --no-edit BRANCH` in `dir`; returns the driver's report lines.
  std::string Merge(const std::string& dir, const std::string& branch) {
    ProcessResult merged = GitOk(dir, {"merge", "-q", "--no-edit", branch});
    return merged.out + merged.err;
  }

  // The winner named by the driver's report for feature/WP in `report`, or "".
  static std::string DriverWinner(const std::string& report, const std::string& wp) {
    std::string head = "WorkPackage " + std::string(kFeature) + "/" + wp + " changed on both sides";
    size_t at = report.find(head);
    if (at == std::string::npos) return "";
    size_t end = report.find('\n', at);
    std::string line = report.substr(at, end == std::string::npos ? std::string::npos : end - at);
    size_t wins = line.find("; status -> ");
    if (wins == std::string::npos) return "";
    // "; status -> doing wins by rollback-precedence (theirs 01..., clock 6)"
    size_t open = line.find('(', wins);
    size_t space = line.find(' ', open);
    size_t comma = line.find(',', space);
    if (open == std::string::npos || space == std::string::npos || comma == std::string::npos) return "?";
    return line.substr(space + 1, comma - space - 1);
  }

  Views Collect(const std::string& dir, const std::string& wp, const std::string& report, bool merge_commit) {
    Views views;
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    std::string status = KlOk(dir, {"--json", "status"}).out;
    if (parser.parse(status).get(root) == simdjson::SUCCESS) {
      for (simdjson::dom::element feature : root["features"].get_array()) {
        for (simdjson::dom::element row : feature["work_packages"].get_array()) {
          if (JsonString(row, "work_package_id") != wp) continue;
          views.board = JsonString(row["deciding_event"], "event_id");
          views.board_lane = JsonString(row, "lane");
        }
      }
      for (simdjson::dom::element conflict : root["conflicts"].get_array()) {
        if (JsonString(conflict, "entity") == std::string(kFeature) + "/" + wp &&
            JsonString(conflict, "aspect") == "status") {
          views.board_conflict = JsonString(conflict, "winner_id");
        }
      }
    }
    std::string history = KlOk(dir, {"--json", "history", wp, "--feature", kFeature}).out;
    if (parser.parse(history).get(root) == simdjson::SUCCESS) {
      for (simdjson::dom::element event : root["events"].get_array()) {
        bool applied = false;
        if (JsonString(event, "event_type") == "WPStatusChanged" && event["applied"].get(applied) == simdjson::SUCCESS &&
            applied) {
          views.history = JsonString(event, "event_id");
        }
      }
    }
    std::string conflicts = KlOk(dir, {"--json", "conflicts"}).out;
    if (parser.parse(conflicts).get(root) == simdjson::SUCCESS) {
      for (simdjson::dom::element conflict : root["conflicts"].get_array()) {
        if (JsonString(conflict, "entity") == std::string(kFeature) + "/" + wp &&
            JsonString(conflict, "aspect") == "status") {
          views.conflicts = JsonString(conflict, "winner_id");
        }
      }
    }
    if (merge_commit) {
      std::string at_merge = KlOk(dir, {"--json", "conflicts", "--rev", "HEAD"}).out;
      if (parser.parse(at_merge).get(root) == simdjson::SUCCESS) {
        for (simdjson::dom::element conflict : root["conflicts"].get_array()) {
          if (JsonString(conflict, "entity") == std::string(kFeature) + "/" + wp &&
              JsonString(conflict, "aspect") == "status") {
            views.conflicts_rev = JsonString(conflict, "winner_id");
          }
        }
      }
    }
    views.driver = DriverWinner(report, wp);
    return views;
  }
};

// The case: the reviewer's rollback at clock 6 on `review`, a tag and `done` at 7 on
// main. Before DESIGN §6 (c), the driver and `conflicts --rev` said doing, the board said done.
TEST_F(RollbackAgreementTest, ARollbackAtALowerClockWinsOverALaterDone) {
  std::string repo = NewKittylogRepo("repo");
  MoveWp(repo, "WP01", "doing");
  MoveWp(repo, "WP01", "for_review");  // clock 5
  Commit(repo, "WP01 in review");
  // The reviewer works in a worktree of their own: its own Lamport clock.
  const std::string review = Path("review");
  GitOk(repo, {"worktree", "add", "-q", "-b", "review", review});
  MoveWp(review, "WP01", "doing", "reviewer");  // clock 6: changes requested
  Commit(review, "changes requested");
  KlOk(repo, {"wp", "tag", "WP01", "--feature", kFeature, "shipped"});  // clock 6
  MoveWp(repo, "WP01", "done", "author");                                 // clock 7
  Commit(repo, "WP01 done");
  const std::string done_event = LogEvents(repo).back().event_id;
  std::string report = Merge(repo, "review");
  std::string reviewer_event;
  for (const Event& event : LogEvents(repo)) {
    if (event.actor == "reviewer") reviewer_event = event.event_id;
  }
  ASSERT_FALSE(reviewer_event.empty());
  ASSERT_NE(reviewer_event, done_event);

  EXPECT_TRUE(Contains(report, "status -> doing wins by rollback-precedence"));
  Views views = Collect(repo, "WP01", report, true);
  EXPECT_EQ(views.board_lane, "doing");
  EXPECT_EQ(views.board, reviewer_event);
  EXPECT_EQ(views.board_conflict, reviewer_event);
  EXPECT_EQ(views.history, reviewer_event);
  EXPECT_EQ(views.conflicts, reviewer_event);
  EXPECT_EQ(views.conflicts_rev, reviewer_event);
  EXPECT_EQ(views.driver, reviewer_event);

  // status warns, naming both clocks, the two events, the rule and the outcome.
  std::string status = KlOk(repo, {"status"}).out;
  EXPECT_TRUE(Contains(status, "concurrent status changes to 001-demo/WP01 at clocks 6..7"));
  EXPECT_TRUE(Contains(status, "rollback-precedence -> lane doing (event " + reviewer_event + ")"));
  std::string history = KlOk(repo, {"history", "WP01", "--feature", kFeature}).out;
  EXPECT_TRUE(Contains(history, "for_review -> doing  by reviewer  2026-01-27 12:00  [concurrent: wins, rollback-precedence]"));
  EXPECT_TRUE(Contains(history, "for_review -> done  by author  2026-01-27 12:00  [concurrent: overruled, rollback-precedence]"));

  // The index agrees with a full replay, warm and rebuilt.
  EXPECT_EQ(Kl(repo, {"index", "check"}).exit_code, 0);
  std::filesystem::remove(repo + "/.kittify/events/index.db");
  EXPECT_EQ(LaneOf(repo, "WP01"), "doing");

  // The next move starts from the rollback's lane.
  MoveWp(repo, "WP01", "for_review", "author");
  EXPECT_EQ(LogEvents(repo).back().payload.old_status, "doing");
}

// Random histories: a base, then two or three branches (each its own worktree and clock) that
// move the feature's work packages through valid lifecycle moves, merged into main one after
// another in a random order. After every merge, all views name the same winner for every WP.
TEST_F(RollbackAgreementTest, PropertyAllViewsNameTheSameWinner) {
  std::mt19937 random(20260127);
  const std::vector<std::string> wps = {"WP01", "WP02"};
  const int histories = 2;
  for (int history = 0; history < histories; ++history) {
    SCOPED_TRACE("history " + std::to_string(history));
    std::string repo = NewKittylogRepo("repo" + std::to_string(history));
    // Random starting lanes, committed as the common base.
    for (const std::string& wp : wps) {
      std::vector<std::string> path = {"doing", "for_review"};
      size_t steps = random() % 3;
      for (size_t i = 0; i < steps; ++i) MoveWp(repo, wp, path[i]);
    }
    GitOk(repo, {"add", "-A"});
    GitOk(repo, {"commit", "-q", "--allow-empty", "-m", "base"});
    const int branches = 2 + static_cast<int>(random() % 2);
    std::vector<std::string> names;
    for (int b = 0; b < branches; ++b) {
      std::string name = "b" + std::to_string(b);
      std::string tree = Path("wt" + std::to_string(history) + name);
      GitOk(repo, {"worktree", "add", "-q", "-b", name, tree});
      int moves = 1 + static_cast<int>(random() % 3);
      for (int m = 0; m < moves; ++m) {
        const std::string& wp = wps[random() % wps.size()];
        if (random() % 3 == 0) KlOk(tree, {"wp", "tag", wp, "--feature", kFeature, "t" + std::to_string(m)});
        // Pick a target the lifecycle allows from the branch's lane (and its guards: no gates).
        std::string lane = LaneOf(tree, wp);
        static const std::map<std::string, std::vector<std::string>> kTargets = {
            {"planned", {"doing"}},
            {"doing", {"for_review", "planned"}},
            {"for_review", {"done", "doing", "rejected"}},
            {"rejected", {"doing"}},
            {"done", {"doing"}}};
        auto it = kTargets.find(lane);
        ASSERT_NE(it, kTargets.end()) << lane;
        MoveWp(tree, wp, it->second[random() % it->second.size()], name);
      }
      Commit(tree, name);
      names.push_back(name);
    }
    std::shuffle(names.begin(), names.end(), random);
    for (const std::string& name : names) {
      SCOPED_TRACE("merging " + name);
      std::string report = Merge(repo, name);
      bool merge_commit = Git(repo, {"rev-parse", "-q", "--verify", "HEAD^2"}).exit_code == 0;
      for (const std::string& wp : wps) {
        SCOPED_TRACE(wp);
        Views views = Collect(repo, wp, report, merge_commit);
        EXPECT_FALSE(views.board.empty());
        EXPECT_EQ(views.history, views.board);
        if (!views.board_conflict.empty()) {
          // A group decided the lane: status warns about it, and it is the last one `conflicts`
          // lists for the WP.
          EXPECT_EQ(views.board_conflict, views.board);
          EXPECT_EQ(views.conflicts, views.board);
        }
        if (!views.conflicts_rev.empty()) {
          EXPECT_EQ(views.conflicts_rev, views.board);
        }
        if (!views.driver.empty()) {
          EXPECT_EQ(views.driver, views.board) << report;
        }
      }
      EXPECT_EQ(Kl(repo, {"index", "check"}).exit_code, 0);
    }
    // A rebuilt index shows the same board and warnings as the one kept up to date.
    std::string warm = KlOk(repo, {"status"}).out;
    std::filesystem::remove(repo + "/.kittify/events/index.db");
    std::string rebuilt = KlOk(repo, {"status"}).out;
    EXPECT_EQ(rebuilt, warm);
  }
}

}  // namespace
}  // namespace kittylog::gittest
