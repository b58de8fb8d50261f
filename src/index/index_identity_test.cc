// Whose index.db this is (index_identity.h; DESIGN §7, §12): the record of the index's key lives
// in the checkout's git dir, and an index whose key is not the recorded one is set aside and
// rebuilt. The end-to-end cases with real git (a clone, a pull, worktrees) are
// tests/hostile/committed_index_test.cc.
#include "index/index_identity.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <sqlite3.h>

#include <gtest/gtest.h>

#include "index/event_index.h"
#include "index/index_test_util.h"
#include "platform/file_io.h"
#include "platform/file_lock.h"

namespace kittylog {
namespace {

using index_internal::IndexKeyRecordPath;
using testing::ExpectMatchesLog;
using testing::OpenIndex;
using testing::ScratchRepo;

std::string Real(const std::string& path) { return std::filesystem::canonical(path).string(); }

void WriteText(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string Warnings(const RefreshReport& report) { return fmt::format("{}", fmt::join(report.warnings, "\n")); }

TEST(IndexKeyRecordTest, LivesInTheGitDirOfTheCheckout) {
  ScratchRepo repo;
  EXPECT_EQ(IndexKeyRecordPath(repo.layout()), std::nullopt) << "outside a git checkout there is no record";
  std::filesystem::create_directories(repo.root() + "/.git");
  EXPECT_EQ(IndexKeyRecordPath(repo.layout()), Real(repo.root()) + "/.git/kittylog/index-key");

  // A linked worktree: `.git` is a file naming its own git dir.
  const std::string worktree = repo.root() + "/wt";
  const std::string worktree_git_dir = repo.root() + "/.git/worktrees/wt";
  std::filesystem::create_directories(worktree);
  std::filesystem::create_directories(worktree_git_dir);
  WriteText(worktree + "/.git", "gitdir: " + worktree_git_dir + "\n");
  EXPECT_EQ(IndexKeyRecordPath(LogLayout(Real(worktree))), Real(worktree_git_dir) + "/kittylog/index-key");

  // A project in a subfolder of the work tree records apart from one at the root.
  std::filesystem::create_directories(repo.root() + "/sub/project");
  std::optional<std::string> nested = IndexKeyRecordPath(LogLayout(Real(repo.root() + "/sub/project")));
  ASSERT_TRUE(nested);
  EXPECT_TRUE(nested->starts_with(Real(repo.root()) + "/.git/kittylog/index-key-")) << *nested;
  EXPECT_EQ(nested->size(), (Real(repo.root()) + "/.git/kittylog/index-key-").size() + 16);
}

// A linked worktree whose main repository moved names a git dir that is gone: the record is not
// written, and nothing is created at the old place.
TEST(IndexKeyRecordTest, AGitDirThatIsGoneIsNotMadeAgain) {
  ScratchRepo repo;
  const std::string gone = repo.root() + "/moved-away/.git/worktrees/wt";
  WriteText(repo.root() + "/.git", "gitdir: " + gone + "\n");
  std::optional<std::string> record = IndexKeyRecordPath(repo.layout());
  ASSERT_TRUE(record);
  EXPECT_FALSE(index_internal::RecordIndex(record, repo.index_path(), index_internal::ContentKey{1, 2}, 0, 0).ok());
  EXPECT_FALSE(std::filesystem::exists(repo.root() + "/moved-away"));
}

TEST(IndexKeyRecordTest, GitDirFromTheEnvironmentIsNotAsked) {
  ScratchRepo repo;
  std::filesystem::create_directories(repo.root() + "/.git");
  ::setenv("GIT_DIR", "/nonexistent-git-dir", 1);
  std::optional<std::string> record = IndexKeyRecordPath(repo.layout());
  ::unsetenv("GIT_DIR");
  EXPECT_EQ(record, Real(repo.root()) + "/.git/kittylog/index-key");
}

class IndexIdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (ScratchRepo* repo : {&repo_, &other_}) {
      std::filesystem::create_directories(repo->root() + "/.git");
      testing::GenerateLog(*repo, 300, 3);
      repo->AgeAll();
    }
  }
  std::string RecordLines() const {
    std::stringstream text;
    text << std::ifstream(repo_.root() + "/.git/kittylog/index-key").rdbuf();
    return text.str();
  }

  // The next open rebuilds repo_'s index, saying `reason`, and answers from the log.
  void ExpectRebuiltSaying(const std::string& reason) {
    RefreshReport report;
    auto index = OpenIndex(repo_, &report);
    ASSERT_TRUE(index);
    EXPECT_TRUE(report.rebuilt);
    EXPECT_NE(Warnings(report).find(reason), std::string::npos) << Warnings(report);
    EXPECT_NE(Warnings(report).find("set aside as index.db.corrupt-"), std::string::npos) << Warnings(report);
    ExpectMatchesLog(repo_, *index);
  }

  ScratchRepo repo_;
  ScratchRepo other_;
};

// An index that was there before the checkout recorded a key (a clone's committed file, or an
// index made before git init) is rebuilt once; the rebuilt one is trusted from then on.
TEST_F(IndexIdentityTest, AnIndexWithoutARecordedKeyIsRebuiltOnce) {
  ASSERT_TRUE(OpenIndex(repo_));
  std::filesystem::remove(repo_.root() + "/.git/kittylog/index-key");
  ExpectRebuiltSaying("not built in this checkout (no key recorded in ");
  RefreshReport again;
  ASSERT_TRUE(OpenIndex(repo_, &again));
  EXPECT_FALSE(again.rebuilt) << Warnings(again);
  EXPECT_TRUE(again.warnings.empty()) << Warnings(again);
}

// Another checkout's index, copied or committed in, answers for another log: rebuilt from this one.
TEST_F(IndexIdentityTest, AnotherCheckoutsIndexIsRebuilt) {
  ASSERT_TRUE(OpenIndex(repo_));
  ASSERT_TRUE(OpenIndex(other_));
  for (const char* suffix : {"", "-wal", "-walid"}) {
    std::filesystem::remove(repo_.index_path() + suffix);
    if (std::filesystem::exists(other_.index_path() + suffix)) {
      std::filesystem::copy_file(other_.index_path() + suffix, repo_.index_path() + suffix);
    }
  }
  ExpectRebuiltSaying("not built in this checkout (its key is not the one recorded in ");
}

// What the record vouches for, index.db and its WAL, changed by anything but kittylog (sqlite3
// here; a checkout or a copy alike) is not trusted.
TEST_F(IndexIdentityTest, AnIndexChangedOutsideKittylogIsRebuilt) {
  ASSERT_TRUE(OpenIndex(repo_));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(repo_.index_path().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE wp_state SET lane = 'done'; PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  ExpectRebuiltSaying("changed outside kittylog (index.db is not the file ");
}

// kittylog's own writes move the WAL and, at each checkpoint, index.db: every writer records
// them, so a later open trusts what it finds. Many small writes, each its own process-like open
// under the lock, pass several checkpoints.
TEST_F(IndexIdentityTest, OwnWritesAndCheckpointsNeverCostARebuild) {
  ASSERT_TRUE(OpenIndex(repo_));
  const std::string record = repo_.root() + "/.git/kittylog/index-key";
  std::set<std::string> file_lines;
  for (int i = 0; i < 60; ++i) {
    IndexOptions options;
    options.lock_held = true;
    auto lock = platform::FileLock::Acquire(repo_.layout().lock_path());
    ASSERT_TRUE(lock.ok());
    RefreshReport report;
    auto index = EventIndex::Open(repo_.layout(), options, &report);
    ASSERT_TRUE(index.ok()) << index.status().message();
    ASSERT_FALSE(report.rebuilt) << "write " << i << ": " << Warnings(report);
    const std::string path = repo_.day_path(9);
    platform::FileIdentity before = platform::Stat(path);
    std::vector<Event> events;
    for (int k = 0; k < 8; ++k) {
      events.push_back(repo_.Created(9, 10'000 + i * 8 + k, "009-w", fmt::format("WP{}-{}", i, k), "T"));
    }
    std::string appended = ScratchRepo::Lines(events);
    ASSERT_TRUE(platform::AppendDurably(path, appended).ok());
    ASSERT_TRUE((*index)->RecordAppend(path, before, appended, events).ok());
    index->reset();
    std::ifstream in(record);
    std::string line;
    std::getline(in, line);
    std::getline(in, line);
    file_lines.insert(line);
  }
  EXPECT_GT(file_lines.size(), 1u) << "no checkpoint rewrote index.db: the test did not test it";
  RefreshReport report;
  auto index = OpenIndex(repo_, &report);
  ASSERT_TRUE(index);
  EXPECT_FALSE(report.rebuilt) << Warnings(report);
  ExpectMatchesLog(repo_, *index);
}

// A checkout that replaces index.db or its WAL while a writer has them open (the writer then
// writes into the files it holds, which are no longer at the paths): the writer never records
// the new files as this checkout's, so the next open rebuilds. A copy of the same bytes stands
// for the new file: same header, same rows, another inode.
TEST_F(IndexIdentityTest, AFileReplacedUnderAWriterIsNeverRecorded) {
  // The writer's frames went to the WAL it holds, and the WAL's own record in the work tree
  // (-walid, wal_identity.h) is not updated either: that check or the record's `wal` line says
  // it, naming index.db-wal.
  for (std::string suffix : {"-wal", ""}) {
    SCOPED_TRACE("index.db" + suffix);
    ASSERT_TRUE(OpenIndex(repo_));
    std::string record_before;
    {
      IndexOptions options;
      options.lock_held = true;
      auto lock = platform::FileLock::Acquire(repo_.layout().lock_path());
      ASSERT_TRUE(lock.ok());
      auto writer = EventIndex::Open(repo_.layout(), options);
      ASSERT_TRUE(writer.ok()) << writer.status().message();
      const std::string file = repo_.index_path() + suffix;
      std::filesystem::copy_file(file, file + ".new");
      std::filesystem::rename(file + ".new", file);  // what a checkout does
      const std::string path = repo_.day_path(9);
      platform::FileIdentity before = platform::Stat(path);
      std::vector<Event> events = {repo_.Created(9, 20'000, "009-w", "WP99", "T")};
      std::string appended = ScratchRepo::Lines(events);
      ASSERT_TRUE(platform::AppendDurably(path, appended).ok());
      ASSERT_TRUE((*writer)->RecordAppend(path, before, appended, events).ok());
      record_before = RecordLines();
    }
    EXPECT_EQ(RecordLines(), record_before) << "the writer recorded files it did not hold";
    ExpectRebuiltSaying("index.db-wal ");
  }
}

// A git dir that cannot take the record (here a file where its kittylog/ folder goes) still
// answers from the log, and says why every command rebuilds.
TEST_F(IndexIdentityTest, AnUnwritableRecordIsReported) {
  std::filesystem::remove(repo_.index_path());
  WriteText(repo_.root() + "/.git/kittylog", "not a directory");
  RefreshReport report;
  auto index = OpenIndex(repo_, &report);
  ASSERT_TRUE(index);
  EXPECT_NE(Warnings(report).find("index.db: cannot record its key"), std::string::npos) << Warnings(report);
  ExpectMatchesLog(repo_, *index);
}

}  // namespace
}  // namespace kittylog
