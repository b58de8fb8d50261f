// How the kittylog-merge binary writes %A (driver_io.h, WriteOurs): in place when the result
// shares a long prefix with %A (same inode, only the tail rewritten), nothing at all when the
// result is %A's content, a temporary file renamed over %A otherwise; and, whichever way, %A
// byte-identical to what it was when the driver exits 2 (faults injected with KITTYLOG_FAULT).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "merge/merge.h"
#include "tests/support/merge_test_support.h"

namespace kittylog::merge {
namespace {

using testing::Ev;
using testing::Log;
using testing::ProcessResult;
using testing::TempDir;

// What KITTYLOG_MERGE_STATS=1 says about the write.
struct WriteStats {
  std::string strategy;  // "in-place", "unchanged", "replaced"; empty when there was no stats line
  uint64_t first_difference = 0;
  uint64_t result_bytes = 0;
  uint64_t written_bytes = 0;
};

uint64_t NumberAfter(const std::string& text, const std::string& key) {
  size_t at = text.find(" " + key + "=");
  return at == std::string::npos ? UINT64_MAX : std::stoull(text.substr(at + key.size() + 2));
}

WriteStats ParseStats(const std::string& errors) {
  WriteStats stats;
  size_t at = errors.find(" write=");
  if (at == std::string::npos) return stats;
  size_t end = errors.find(' ', at + 7);
  stats.strategy = errors.substr(at + 7, end - at - 7);
  stats.first_difference = NumberAfter(errors, "first_difference");
  stats.result_bytes = NumberAfter(errors, "result_bytes");
  stats.written_bytes = NumberAfter(errors, "written_bytes");
  return stats;
}

struct FileState {
  ino_t inode = 0;
  struct timespec mtime {};
  off_t size = 0;
};

FileState StateOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return {st.st_ino, st.st_mtim, st.st_size};
}

// A shared history of `n` events, clocks 1..n.
std::vector<std::string> History(int n) {
  std::vector<std::string> lines;
  for (int i = 1; i <= n; ++i) lines.push_back(Ev(static_cast<uint64_t>(i), i));
  return lines;
}

struct DriverRun {
  ProcessResult process;
  WriteStats stats;
  std::string merged;  // %A afterwards
};

class WriteTest : public ::testing::Test {
 protected:
  DriverRun Merge(const std::string& base, const std::optional<std::string>& ours, const std::string& theirs,
            std::vector<std::string> env = {}, std::vector<std::string> args = {}) {
    testing::WriteBytes(dir_ / "O", base);
    if (ours) testing::WriteBytes(dir_ / "A", *ours);
    testing::WriteBytes(dir_ / "B", theirs);
    return Invoke(std::move(env), std::move(args));
  }
  DriverRun Invoke(std::vector<std::string> env = {}, std::vector<std::string> args = {}) {
    if (args.empty()) args = {dir_ / "O", dir_ / "A", dir_ / "B", "7", "events.jsonl"};
    args.insert(args.begin(), KITTYLOG_MERGE_BINARY);
    env.push_back("KITTYLOG_MERGE_STATS=1");
    DriverRun run;
    run.process = testing::RunProcess(args, "", env);
    EXPECT_EQ(run.process.signal, 0);
    run.stats = ParseStats(run.process.err);
    run.merged = testing::ReadBytes(dir_ / "A");
    return run;
  }
  void ExpectNoStrayFiles() {
    for (const std::string& name : testing::ListTree(dir_.path())) {
      EXPECT_TRUE(name == "O" || name == "A" || name == "B" || name == "link") << "stray file " << name;
    }
  }
  // What the pure merge gives for the same inputs (the driver must write exactly that).
  static std::string Expected(const std::string& base, const std::string& ours, const std::string& theirs) {
    return MergeEventLogs(base, ours, theirs).output;
  }

  TempDir dir_;
};

TEST_F(WriteTest, TheirsAppendedAfterOursIsWrittenAsATailInPlace) {
  std::string base = Log(History(2000));
  std::string ours = base + Log({Ev(90001, 2001)});
  std::string tail = Log({Ev(90002, 2002), Ev(90003, 2003)});
  std::string theirs = base + tail;
  testing::WriteBytes(dir_ / "A", ours);
  FileState before = StateOf(dir_ / "A");
  DriverRun run = Merge(base, std::nullopt, theirs);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
  EXPECT_EQ(run.merged, ours + tail);
  EXPECT_EQ(run.stats.strategy, "in-place") << run.process.err;
  EXPECT_EQ(run.stats.first_difference, ours.size());
  EXPECT_EQ(run.stats.written_bytes, tail.size());
  EXPECT_EQ(StateOf(dir_ / "A").inode, before.inode) << "in place keeps the inode";
  ExpectNoStrayFiles();
}

TEST_F(WriteTest, InterleavedAdditionsRewriteFromTheFirstDifference) {
  std::string base = Log(History(2000));
  // Ours' own additions move: theirs' events sort between them.
  std::string ours = base + Log({Ev(90001, 2001), Ev(90003, 2003), Ev(90005, 2005)});
  std::string theirs = base + Log({Ev(90002, 2002), Ev(90004, 2004)});
  std::string expected = base + Log({Ev(90001, 2001), Ev(90002, 2002), Ev(90003, 2003), Ev(90004, 2004),
                                     Ev(90005, 2005)});
  ASSERT_EQ(Expected(base, ours, theirs), expected);
  testing::WriteBytes(dir_ / "A", ours);
  FileState before = StateOf(dir_ / "A");
  DriverRun run = Merge(base, std::nullopt, theirs);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
  EXPECT_EQ(run.merged, expected);
  EXPECT_EQ(run.stats.strategy, "in-place") << run.process.err;
  size_t k = 0;
  while (ours[k] == expected[k]) ++k;
  EXPECT_EQ(run.stats.first_difference, k);
  EXPECT_EQ(run.stats.written_bytes, expected.size() - k);
  EXPECT_EQ(StateOf(dir_ / "A").inode, before.inode);

  // An added event that orders inside the history: history lines move too.
  ours = base + Log({Ev(90001, 1500)});
  theirs = base + Log({Ev(90002, 1999)});
  run = Merge(base, ours, theirs);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
  EXPECT_EQ(run.merged, Expected(base, ours, theirs));
  EXPECT_EQ(run.stats.strategy, "in-place") << run.process.err;
}

TEST_F(WriteTest, AShorterResultIsTruncatedInPlace) {
  std::string base = Log(History(2000));
  std::string ours = base + Log({Ev(90001, 2001), Ev(90001, 2001)});  // the same line twice: kept once
  DriverRun run = Merge(base, ours, base);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
  EXPECT_EQ(run.merged, base + Log({Ev(90001, 2001)}));
  EXPECT_EQ(run.stats.strategy, "in-place") << run.process.err;
  EXPECT_EQ(run.stats.written_bytes, 0u);
}

TEST_F(WriteTest, AResultEqualToOursWritesNothing) {
  std::string base = Log(History(2000));
  std::string ours = base + Log({Ev(90001, 2001), Ev(90002, 2002)});
  std::string theirs = base + Log({Ev(90002, 2002)});
  testing::WriteBytes(dir_ / "A", ours);
  struct timespec old_times[2] = {{1000000000, 0}, {1000000000, 0}};  // 2001: any write would change it
  ASSERT_EQ(::utimensat(AT_FDCWD, (dir_ / "A").c_str(), old_times, 0), 0);
  FileState before = StateOf(dir_ / "A");
  DriverRun run = Merge(base, std::nullopt, theirs);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
  EXPECT_EQ(run.merged, ours);
  EXPECT_EQ(run.stats.strategy, "unchanged") << run.process.err;
  EXPECT_EQ(run.stats.written_bytes, 0u);
  FileState after = StateOf(dir_ / "A");
  EXPECT_EQ(after.inode, before.inode);
  EXPECT_EQ(after.mtime.tv_sec, before.mtime.tv_sec);
  EXPECT_EQ(after.mtime.tv_nsec, before.mtime.tv_nsec);
  ExpectNoStrayFiles();
}

TEST_F(WriteTest, FailingInPlaceWritesPutTheOldBytesBack) {
  std::string base = Log(History(3000));
  // Interleaved, and the result longer than ours: the failed write both overwrote ours' tail
  // (its moved lines come from the saved copy) and grew the file.
  std::vector<std::string> ours_added, theirs_added;
  for (int i = 0; i < 600; ++i) {  // more pieces than one pwritev takes (IOV_MAX)
    (i % 2 == 0 ? ours_added : theirs_added).push_back(Ev(static_cast<uint64_t>(90000 + i), 3001 + i));
  }
  for (int i = 600; i < 2400; ++i) theirs_added.push_back(Ev(static_cast<uint64_t>(90000 + i), 3001 + i));
  std::string ours = base + Log(ours_added);
  std::string theirs = base + Log(theirs_added);
  for (const char* fault : {"write:ENOSPC", "write:EIO", "open:EACCES"}) {
    testing::WriteBytes(dir_ / "A", ours);
    struct timespec old_times[2] = {{1000000000, 0}, {1000000000, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, (dir_ / "A").c_str(), old_times, 0), 0);
    DriverRun run = Merge(base, std::nullopt, theirs, {std::string("KITTYLOG_FAULT=") + fault});
    EXPECT_EQ(run.process.exit_code, 2) << fault << "\n" << run.process.err;
    EXPECT_TRUE(run.merged == ours) << fault << ": %A changed (" << run.merged.size() << " bytes, was "
                                    << ours.size() << ")";
    EXPECT_NE(run.process.err.find("kittylog-merge: events.jsonl: "), std::string::npos) << run.process.err;
    if (std::string(fault).starts_with("write")) {
      EXPECT_NE(run.process.err.find("old bytes were written back"), std::string::npos) << run.process.err;
    }
    ExpectNoStrayFiles();
  }
  // The same merge without a fault goes in place.
  testing::WriteBytes(dir_ / "A", ours);
  DriverRun run = Merge(base, std::nullopt, theirs);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
  EXPECT_EQ(run.stats.strategy, "in-place") << run.process.err;
  EXPECT_EQ(run.merged, Expected(base, ours, theirs));

  // A failing truncate (the result is shorter) is undone too.
  std::string doubled = base + Log({Ev(90001, 3001), Ev(90001, 3001)});
  run = Merge(base, doubled, base, {"KITTYLOG_FAULT=truncate:EIO"});
  EXPECT_EQ(run.process.exit_code, 2) << run.process.err;
  EXPECT_TRUE(run.merged == doubled) << "%A changed";
  ExpectNoStrayFiles();
}

TEST_F(WriteTest, SymlinksHardLinksAndSharedInputsAreReplacedNotWrittenInPlace) {
  std::string base = Log(History(2000));
  std::string ours = base + Log({Ev(90001, 2001)});
  std::string theirs = base + Log({Ev(90002, 2002)});
  std::string expected = Expected(base, ours, theirs);

  // Another hard link: in place would change it too.
  testing::WriteBytes(dir_ / "A", ours);
  ASSERT_EQ(::link((dir_ / "A").c_str(), (dir_ / "link").c_str()), 0);
  DriverRun run = Merge(base, std::nullopt, theirs);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
  EXPECT_EQ(run.merged, expected);
  EXPECT_EQ(run.stats.strategy, "replaced") << run.process.err;
  EXPECT_EQ(testing::ReadBytes(dir_ / "link"), ours);
  ::unlink((dir_ / "link").c_str());

  // %A is a symbolic link: replaced by the result, its target untouched (as before).
  testing::WriteBytes(dir_ / "link", ours);
  ::unlink((dir_ / "A").c_str());
  ASSERT_EQ(::symlink("link", (dir_ / "A").c_str()), 0);
  run = Invoke();
  EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
  EXPECT_EQ(run.merged, expected);
  EXPECT_EQ(run.stats.strategy, "replaced") << run.process.err;
  EXPECT_EQ(testing::ReadBytes(dir_ / "link"), ours);
  ::unlink((dir_ / "link").c_str());

  // %A is also %B.
  testing::WriteBytes(dir_ / "A", ours);
  run = Invoke({}, {dir_ / "O", dir_ / "A", dir_ / "A"});
  EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
  EXPECT_EQ(run.merged, ours);
  EXPECT_EQ(run.stats.strategy, "unchanged") << run.process.err;
  std::string older = base + Log({Ev(90003, 2002), Ev(90001, 2001)});  // out of order: rewritten late
  testing::WriteBytes(dir_ / "A", older);
  run = Invoke({}, {dir_ / "O", dir_ / "A", dir_ / "A"});
  EXPECT_EQ(run.merged, Expected(base, older, older));
  EXPECT_EQ(run.stats.strategy, "replaced") << run.process.err;

  // A result that differs early is replaced (atomic), not rewritten in place.
  run = Merge(base, Log({Ev(80000, 1)}) + ours, theirs);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
  EXPECT_EQ(run.merged, Expected(base, Log({Ev(80000, 1)}) + ours, theirs));
  EXPECT_EQ(run.stats.strategy, "replaced") << run.process.err;
  ExpectNoStrayFiles();
}

// Random histories and additions: the driver's %A is always the pure merge's output, whichever
// way it was written, and an injected write fault always leaves %A as it was.
TEST_F(WriteTest, RandomMergesWriteExactlyThePureResult) {
  std::mt19937_64 rng(11);
  std::map<std::string, int> strategies;
  for (int round = 0; round < 40; ++round) {
    int n = 200 + static_cast<int>(rng() % 400);
    std::string base = Log(History(n));
    auto additions = [&](uint64_t first_id) {
      std::vector<std::string> lines;
      int count = static_cast<int>(rng() % 12);
      for (int i = 0; i < count; ++i) {
        int64_t clock = n - 8 + static_cast<int64_t>(rng() % 24);  // some order inside the history
        // Now and then a new version of a late history event (a conflict or a one-sided change).
        uint64_t id = rng() % 8 == 0 ? static_cast<uint64_t>(n) - rng() % 16 : first_id + static_cast<uint64_t>(i);
        lines.push_back(Ev(id, std::max<int64_t>(clock, 1), rng() % 2 ? "doing" : "done"));
      }
      std::sort(lines.begin(), lines.end());
      return Log(lines);
    };
    std::string ours = base + additions(100000);
    std::string theirs = base + additions(200000);
    std::string expected = Expected(base, ours, theirs);
    DriverRun run = Merge(base, ours, theirs);
    ASSERT_TRUE(run.process.exit_code == 0 || run.process.exit_code == 1) << run.process.err;
    ASSERT_TRUE(run.merged == expected) << "round " << round << " (" << run.stats.strategy << ")";
    ++strategies[run.stats.strategy];
    bool writes = run.stats.written_bytes > 0;
    run = Merge(base, ours, theirs, {"KITTYLOG_FAULT=write:EIO"});
    if (writes) {  // any write fails: exit 2, %A as it was
      EXPECT_EQ(run.process.exit_code, 2) << run.process.err;
      ASSERT_TRUE(run.merged == ours) << "round " << round << ": %A changed on exit " << run.process.exit_code;
    } else {  // nothing to write (unchanged), or only a truncate
      ASSERT_TRUE(run.merged == expected) << "round " << round;
    }
  }
  EXPECT_GE(strategies["in-place"], 20) << strategies["unchanged"] << " unchanged, " << strategies["replaced"]
                                        << " replaced";
  ExpectNoStrayFiles();
}

}  // namespace
}  // namespace kittylog::merge
