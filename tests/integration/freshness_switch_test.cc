// Freshness cannot be fooled (DESIGN §7; docs/index.md "Freshness"; issue 10 item 1): any change
// of a daily file's bytes is seen by the next command, however much of the file's stat and
// tail it keeps. Two branches whose daily files have the same size and the same last 4 KiB
// (each moved a different WP with a line of equal length, both merged the same later events)
// are switched between with real git, and rewritten in place; a property test then mixes
// same-size rewrites, truncations, branch swaps, touches and emits, each followed by `status`
// compared with a full replay.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include <fmt/format.h>
#include <simdjson.h>
#include <sqlite3.h>

#include "tests/integration/git_fixture.h"

namespace kittylog::gittest {
namespace {

using testing::WriteFile;

// `status --json` output with its "warnings" member left out, minified.
std::string WithoutWarnings(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  if (parser.parse(json).get(root) != simdjson::SUCCESS) return "<not a JSON object> " + json;
  std::string out;
  for (auto field : root) {
    if (field.key == "warnings") continue;
    out += std::string(field.key) + "=" + simdjson::minify(field.value) + "\n";
  }
  return out;
}

// Compares a checkout's board with the board of its event files indexed from nothing.
class BoardComparisonTest : public GitTest {
 protected:
  // `status --json` of a scratch copy of `dir`'s event files, indexed from nothing: the board a
  // full replay gives.
  std::string ReplayedStatus(const std::string& dir) {
    const std::string scratch = Path("replay");
    std::filesystem::remove_all(scratch);
    std::filesystem::create_directories(scratch + "/.kittify/events");
    for (const auto& entry : std::filesystem::directory_iterator(dir + "/.kittify/events")) {
      const std::string name = entry.path().filename().string();
      if (name.ends_with(".jsonl")) WriteFile(scratch + "/.kittify/events/" + name, ReadFile(entry.path().string()));
    }
    KlOk(scratch, {"index", "rebuild"});
    return KlOk(scratch, {"--json", "status"}).out;
  }

  // The board of `dir` is the board of a full replay (warnings aside: a refresh reports the
  // lines it re-reads, a rebuild the lines of every file), and `index check` finds nothing.
  void ExpectBoardMatchesReplay(const std::string& dir, const std::string& step) {
    const std::string board = WithoutWarnings(KlOk(dir, {"--json", "status"}).out);
    const std::string replayed = WithoutWarnings(ReplayedStatus(dir));
    if (board != replayed) {
      size_t at = std::mismatch(board.begin(), board.end(), replayed.begin(), replayed.end()).first - board.begin();
      size_t from = at > 200 ? at - 200 : 0;
      ADD_FAILURE() << step << ": the board differs from a full replay at byte " << at << "\n  board:  ..."
                    << board.substr(from, 400) << "\n  replay: ..." << replayed.substr(from, 400);
    }
    ProcessResult check = Kl(dir, {"index", "check"});
    EXPECT_EQ(check.exit_code, 0) << step << "\n" << check.out << check.err;
  }
};

class FreshnessSwitchTest : public BoardComparisonTest {
 protected:
  // main (plan), branch `a` (WP01 -> doing) and branch `b` (WP02 -> doing), each worked on in
  // its own worktree, both merged with branch `later` (> 4 KiB of tags at higher clocks). The
  // daily file then has the same size and the same last 4 KiB on `a` and on `b`.
  void SetUp() override {
    repo_ = NewKittylogRepo("repo");
    worktree_a_ = Path("wa");
    worktree_b_ = Path("wb");
    GitOk(repo_, {"worktree", "add", "-q", worktree_a_, "-b", "a"});
    GitOk(repo_, {"worktree", "add", "-q", worktree_b_, "-b", "b"});
    MoveWp(worktree_a_, "WP01", "doing");
    Commit(worktree_a_, "a: WP01 doing");
    MoveWp(worktree_b_, "WP02", "doing");
    Commit(worktree_b_, "b: WP02 doing");
    GitOk(repo_, {"switch", "-q", "-c", "later"});
    // The first tag may share branch a's and b's clock; the rest order after both moves.
    for (int i = 0; i < 30; ++i) {
      KlOk(repo_, {"wp", "tag", "WP01", "--feature", kFeature, "release-candidate-" + std::to_string(100 + i)});
    }
    Commit(repo_, "later: tags");
    GitOk(worktree_a_, {"merge", "-q", "--no-edit", "later"});
    GitOk(worktree_b_, {"merge", "-q", "--no-edit", "later"});
    bytes_a_ = ReadFile(worktree_a_ + "/" + kDailyFile);
    bytes_b_ = ReadFile(worktree_b_ + "/" + kDailyFile);
    ASSERT_EQ(bytes_a_.size(), bytes_b_.size());
    ASSERT_NE(bytes_a_, bytes_b_);
    ASSERT_GT(bytes_a_.size(), 8192u);
    ASSERT_EQ(bytes_a_.substr(bytes_a_.size() - 4096), bytes_b_.substr(bytes_b_.size() - 4096));
    ASSERT_EQ(LaneOf(worktree_a_, "WP01"), "doing");
    ASSERT_EQ(LaneOf(worktree_a_, "WP02"), "planned");
  }

  std::string repo_, worktree_a_, worktree_b_;
  std::string bytes_a_, bytes_b_;
};

// Rewrites `path` in place (same inode), optionally keeping its mtime as it was: only the
// ctime then says that the bytes changed.
void RewriteInPlace(const std::string& path, const std::string& bytes, bool keep_mtime) {
  struct stat before {};
  ASSERT_EQ(::stat(path.c_str(), &before), 0);
  int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  ::close(fd);
  if (keep_mtime) {
    struct timespec times[2] = {before.st_atim, before.st_mtim};
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
  }
  struct stat after {};
  ASSERT_EQ(::stat(path.c_str(), &after), 0);
  ASSERT_EQ(after.st_ino, before.st_ino);
}

// The issue's case: `git switch --detach` from a to b. ext4 usually hands the new file the
// inode the old one freed; then size, inode and the last 4 KiB are all equal.
TEST_F(FreshnessSwitchTest, SwitchBetweenSameSizeSameTailBranchesShowsTheCheckedOutBoard) {
  const std::string file = worktree_a_ + "/" + kDailyFile;
  struct stat before {};
  ASSERT_EQ(::stat(file.c_str(), &before), 0);
  GitOk(worktree_a_, {"switch", "-q", "--detach", "b"});
  struct stat after {};
  ASSERT_EQ(::stat(file.c_str(), &after), 0);
  ASSERT_EQ(ReadFile(file), bytes_b_);
  RecordProperty("inode_reused", after.st_ino == before.st_ino ? "yes" : "no");

  EXPECT_EQ(LaneOf(worktree_a_, "WP01"), "planned");
  EXPECT_EQ(LaneOf(worktree_a_, "WP02"), "doing");
  ExpectBoardMatchesReplay(worktree_a_, "after the switch");
  // Later emits append to the switched file: the board stays the checked-out branch's.
  MoveWp(worktree_a_, "WP02", "for_review");
  EXPECT_EQ(LaneOf(worktree_a_, "WP01"), "planned");
  EXPECT_EQ(LaneOf(worktree_a_, "WP02"), "for_review");
  ExpectBoardMatchesReplay(worktree_a_, "after an emit");
  EXPECT_EQ(Kl(worktree_a_, {"verify"}).exit_code, 0);
}

// The same bytes change forced on one inode, with the mtime put back: only the ctime moved.
TEST_F(FreshnessSwitchTest, InPlaceSameSizeSameTailRewriteKeepingTheMtimeIsSeen) {
  const std::string file = worktree_a_ + "/" + kDailyFile;
  RewriteInPlace(file, bytes_b_, /*keep_mtime=*/true);
  EXPECT_EQ(LaneOf(worktree_a_, "WP01"), "planned");
  EXPECT_EQ(LaneOf(worktree_a_, "WP02"), "doing");
  ExpectBoardMatchesReplay(worktree_a_, "after the in-place rewrite");
}

// The same with an mtime far in the past on both sides (no racy stat involved): the index
// recorded a trusted stat, and the rewrite keeps size, inode, mtime and the tail.
TEST_F(FreshnessSwitchTest, InPlaceRewriteOfATrustedStatIsSeen) {
  const std::string file = worktree_a_ + "/" + kDailyFile;
  struct timespec old_times[2] = {{1700000000, 0}, {1700000000, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, file.c_str(), old_times, 0), 0);
  ASSERT_EQ(LaneOf(worktree_a_, "WP01"), "doing");  // records the old, trusted stat
  RewriteInPlace(file, bytes_b_, /*keep_mtime=*/true);
  EXPECT_EQ(LaneOf(worktree_a_, "WP01"), "planned");
  EXPECT_EQ(LaneOf(worktree_a_, "WP02"), "doing");
  ExpectBoardMatchesReplay(worktree_a_, "after the in-place rewrite");
}

// Random same-size rewrites, truncations, swaps between the branches, touches and emits
// between commands; after each, `status` equals a full replay and `index check` finds 0
// divergences. Fixed seed, bounded count.
TEST_F(FreshnessSwitchTest, PropertyEveryByteChangeIsSeenBetweenCommands) {
  std::mt19937 random(20260127);
  const std::string file = worktree_a_ + "/" + kDailyFile;
  constexpr int kSteps = 36;
  std::string done;
  for (int step = 0; step < kSteps; ++step) {
    const std::string before = ReadFile(file);
    std::string current = before;
    std::string what;
    switch (random() % 7) {
      case 0: {  // swap to the other branch's bytes in place, mtime kept
        what = "in-place swap";
        RewriteInPlace(file, current == bytes_a_ ? bytes_b_ : bytes_a_, random() % 2 == 0);
        break;
      }
      case 1: {  // real git switch between the branches (or back to a)
        what = "git switch";
        GitOk(worktree_a_, {"checkout", "-q", "-f", "--detach", random() % 2 == 0 ? "a" : "b"});
        break;
      }
      case 2: {  // same-size rewrite: two lines of equal length exchanged, in place
        what = "swap two equal-length lines";
        std::vector<std::string> lines = testing::SplitLines(current);
        std::vector<std::pair<size_t, size_t>> pairs;
        for (size_t i = 0; i < lines.size(); ++i) {
          for (size_t j = i + 1; j < lines.size(); ++j) {
            if (lines[i].size() == lines[j].size() && lines[i] != lines[j]) pairs.emplace_back(i, j);
          }
        }
        if (pairs.empty()) break;
        auto [i, j] = pairs[random() % pairs.size()];
        std::swap(lines[i], lines[j]);
        std::string rewritten;
        for (const std::string& line : lines) rewritten += line + "\n";
        RewriteInPlace(file, rewritten, random() % 2 == 0);
        break;
      }
      case 3: {  // same-size rewrite: one WP id digit changed (WP01 <-> WP02) in one line
        what = "WP id changed in place";
        std::vector<size_t> at;
        for (size_t pos = current.find("\"WP0"); pos != std::string::npos; pos = current.find("\"WP0", pos + 1)) {
          if (current[pos + 4] == '1' || current[pos + 4] == '2') at.push_back(pos + 4);
        }
        if (at.empty()) break;
        size_t pos = at[random() % at.size()];
        current[pos] = current[pos] == '1' ? '2' : '1';
        RewriteInPlace(file, current, random() % 2 == 0);
        break;
      }
      case 4: {  // truncation, at a line boundary or mid-line (a torn tail)
        what = "truncation";
        if (current.size() < 2) break;
        size_t cut = current.size() / 2 + random() % (current.size() / 2);
        if (random() % 2 == 0) cut = current.rfind('\n', cut) + 1;
        ASSERT_EQ(::truncate(file.c_str(), static_cast<off_t>(cut)), 0);
        break;
      }
      case 5: {  // touch: the same bytes, an mtime in the past or now
        what = "touch";
        struct timespec times[2] = {{1700000000 + static_cast<time_t>(random() % 1000), 0}, {0, 0}};
        times[1] = times[0];
        if (random() % 2 == 0) times[0].tv_nsec = times[1].tv_nsec = UTIME_NOW;
        ASSERT_EQ(::utimensat(AT_FDCWD, file.c_str(), times, 0), 0);
        break;
      }
      default: {  // an emit through kittylog (appends; the index records it inline)
        what = "emit";
        KlOk(worktree_a_, {"wp", "tag", "WP02", "--feature", kFeature, "step-" + std::to_string(step)});
        break;
      }
    }
    ExpectBoardMatchesReplay(worktree_a_, "step " + std::to_string(step) + ": " + what);
    done += what + (ReadFile(file) == before ? " (same bytes); " : "; ");
    if (HasFailure()) break;
  }
  RecordProperty("operations", done);
}


// `status` keeps a snapshot of the board in the index and replays only the events after it
// (docs/index.md "board_snapshots"). A merge brings events at clocks below the snapshot's: the
// snapshot no longer holds them and must not be used (the tag and the gate result from the
// branch are on the board).
TEST_F(BoardComparisonTest, EventsMergedBelowTheBoardSnapshotAreOnTheBoard) {
  const std::string repo = NewKittylogRepo("snapshot");
  KlOk(repo, {"gate", "create", "ci-wp02", "--wp", "WP02", "--feature", kFeature, "--type", "CI_CHECK"});
  Commit(repo, "gate");
  GitOk(repo, {"switch", "-q", "-c", "side"});
  KlOk(repo, {"wp", "tag", "WP02", "--feature", kFeature, "from-side"});
  KlOk(repo, {"gate", "result", "ci-wp02", "--status", "passed"});
  Commit(repo, "side: a tag and a gate result");
  GitOk(repo, {"switch", "-q", "-"});
  for (int i = 0; i < 5; ++i) KlOk(repo, {"wp", "tag", "WP01", "--feature", kFeature, "main-" + std::to_string(i)});
  Commit(repo, "main: tags");
  const std::string before = KlOk(repo, {"--json", "status"}).out;  // saves a snapshot of this board
  ASSERT_EQ(before.find("from-side"), std::string::npos);
  GitOk(repo, {"merge", "-q", "--no-edit", "side"});
  const std::string after = KlOk(repo, {"--json", "status"}).out;
  EXPECT_NE(after.find("from-side"), std::string::npos) << after;
  EXPECT_NE(after.find("\"passed\""), std::string::npos) << after;
  ExpectBoardMatchesReplay(repo, "after the merge");
}

// The clocks of the board snapshots `dir`'s index holds (docs/index.md "board_snapshots"), read
// with a read-only connection.
std::vector<int64_t> SnapshotClocks(const std::string& dir) {
  std::vector<int64_t> clocks;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2((dir + "/.kittify/events/index.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT through FROM board_snapshots ORDER BY through", -1, &statement, nullptr) ==
        SQLITE_OK) {
      while (sqlite3_step(statement) == SQLITE_ROW) clocks.push_back(sqlite3_column_int64(statement, 0));
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return clocks;
}

// `count` TagsAdded events on WP01, ids and clocks from `first` up.
std::string TagLines(int first, int count, const std::string& tag) {
  std::string lines;
  for (int i = first; i < first + count; ++i) {
    lines += fmt::format(
        R"({{"event_id":"01KFZZZZZZ{:016d}","event_type":"TagsAdded","event_version":1,"lamport_clock":{},)"
        R"("entity_id":"WP01","entity_type":"WorkPackage","timestamp":"2026-01-27T12:00:00.000Z","actor":"bot",)"
        R"("causation_id":null,"correlation_id":null,"payload":{{"tags":["{}-{}"],"feature_slug":"{}"}}}})"
        "\n",
        i, i, tag, i % 50, kFeature);
  }
  return lines;
}

// `git switch` rewrites the daily files of the days the branches differ on, and the index drops
// the board snapshots at or after the first changed clock. A long replay leaves a ladder of
// snapshots down the log (index/board_snapshots.h), so one below the change remains and the
// next `status` replays the few events after it, not the whole log from its start.
TEST_F(BoardComparisonTest, ASwitchOfRecentDaysKeepsABoardSnapshotBelowThem) {
  const std::string repo = NewKittylogRepo("ladder");
  WriteFile(repo + "/.kittify/events/2026-01-01.jsonl", TagLines(100, 12000, "old"));
  Commit(repo, "a long day of tags");
  GitOk(repo, {"switch", "-q", "-c", "side"});
  WriteFile(repo + "/.kittify/events/2026-01-02.jsonl", TagLines(30000, 100, "side"));
  Commit(repo, "side: the last day");
  GitOk(repo, {"switch", "-q", "-"});
  WriteFile(repo + "/.kittify/events/2026-01-02.jsonl", TagLines(20000, 100, "main"));
  Commit(repo, "main: the last day");
  KlOk(repo, {"status"});  // replays the whole log: the ladder
  const std::vector<int64_t> before = SnapshotClocks(repo);
  ASSERT_FALSE(before.empty());
  EXPECT_GE(before.back(), 20099);
  GitOk(repo, {"switch", "-q", "side"});  // the last day's file is rewritten
  KlOk(repo, {"query", "--limit", "1"});   // refreshed: the snapshots the rewrite reaches are dropped
  const std::vector<int64_t> after = SnapshotClocks(repo);
  ASSERT_FALSE(after.empty()) << "no board snapshot below the rewrite: the next status replays the whole log";
  EXPECT_LT(after.back(), 20000);
  EXPECT_GT(after.back(), 4000) << "the highest snapshot left is far below the change";
  const std::string board = KlOk(repo, {"--json", "status"}).out;
  EXPECT_NE(board.find("side-"), std::string::npos);
  EXPECT_EQ(board.find("main-"), std::string::npos);
  ExpectBoardMatchesReplay(repo, "after the switch");
}

}  // namespace
}  // namespace kittylog::gittest
