// The freshness rule (DESIGN §7): every way a daily file can change between two reads.
#include "index/freshness.h"

#include <algorithm>
#include <fstream>

#include <gtest/gtest.h>

#include "index/event_index.h"
#include "index/index_schema.h"
#include "index/index_test_util.h"
#include "index/index_writer.h"
#include "index/sqlite_db.h"

namespace kittylog {
namespace {

using testing::ExpectMatchesLog;
using testing::OpenIndex;
using testing::ScratchRepo;

// The refresh plan an Open would compute right now (without applying it).
std::vector<index_internal::FileChange> CurrentPlan(const ScratchRepo& repo) {
  auto db = index_internal::Database::Open(repo.index_path(), index_internal::Database::Mode::kReadWrite);
  EXPECT_TRUE(db.ok());
  auto records = index_internal::IndexWriter::LoadFiles(**db);
  auto files = index_internal::ListDailyFiles(repo.events_dir());
  auto key = index_internal::ReadContentKey(**db);
  EXPECT_TRUE(key.ok());
  auto plan = index_internal::PlanRefresh(*key, repo.events_dir(), *files, *records);
  EXPECT_TRUE(plan.ok());
  return *plan;
}

bool PlanIsFresh(const ScratchRepo& repo) {
  for (const auto& change : CurrentPlan(repo)) {
    if (change.kind != index_internal::FileChange::Kind::kFresh) return false;
  }
  return true;
}

class FreshnessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::GenerateLog(repo_, 400, 4);
    repo_.AgeAll();
    RefreshReport report;
    auto index = OpenIndex(repo_, &report);
    ASSERT_TRUE(index);
    EXPECT_TRUE(report.rebuilt);
    ExpectMatchesLog(repo_, *index);
  }
  ScratchRepo repo_;
};

TEST(FreshnessBasics, EmptyLogOpensWithoutWarnings) {
  ScratchRepo repo;
  RefreshReport report;
  auto index = OpenIndex(repo, &report);
  ASSERT_TRUE(index);
  EXPECT_TRUE(report.warnings.empty());
  EXPECT_EQ(index->MaxClock(), 0);
  EXPECT_TRUE(index->Query(QueryFilter{})->empty());
}

TEST(FreshnessBasics, NoKittifyDirectoryIsAnIoError) {
  ScratchRepo repo;
  std::filesystem::remove_all(repo.root() + "/.kittify");
  auto index = EventIndex::Open(repo.layout(), IndexOptions{});
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().kind(), ErrorKind::kIo);
}

TEST(FreshnessBasics, ContentHashCoversEveryByteAndExtendsAtLineBoundaries) {
  const index_internal::ContentKey key{0x0123456789abcdefULL, 0xfedcba9876543210ULL};
  auto hash = [&](uint64_t state, std::string_view bytes) { return index_internal::ContentHash(key, state, bytes); };
  const uint64_t start = index_internal::kContentHashStart;
  const std::string a = "{\"event_id\":\"01\",\"x\":1}\n", b = "{\"event_id\":\"02\",\"x\":22}\n\n";
  EXPECT_EQ(hash(hash(start, a), b), hash(start, a + b));
  EXPECT_NE(hash(start, a + b), hash(start, b + a));  // order counts
  EXPECT_NE(hash(start, "ab\n"), hash(start, "a\nb\n"));
  EXPECT_NE(hash(start, "a\n"), hash(start, "a\n\n"));
  EXPECT_EQ(hash(start, ""), start);
  EXPECT_NE(hash(start, ""), hash(start, "\n"));
  // Every single-byte change of a long line is seen, wherever it falls in the 8-byte words.
  std::string line(100, 'x');
  const uint64_t original = hash(start, line + "\n");
  for (size_t i = 0; i < line.size(); ++i) {
    std::string changed = line;
    changed[i] = 'y';
    EXPECT_NE(hash(start, changed + "\n"), original) << i;
  }
  // Another key, another hash: the key is what a committer does not know.
  EXPECT_NE(index_internal::ContentHash({key.k0 + 1, key.k1}, start, a), hash(start, a));
}

// The reference vectors of SipHash-2-4 (key 00 01 .. 0f, message 00 01 .. of each length).
TEST(FreshnessBasics, SipHashMatchesTheReferenceVectors) {
  const index_internal::ContentKey key{0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL};
  std::string message;
  for (int i = 0; i < 64; ++i) message.push_back(static_cast<char>(i));
  const std::pair<size_t, uint64_t> vectors[] = {{0, 0x726fdb47dd0e0e31ULL},  {1, 0x74f839c593dc67fdULL},
                                                 {7, 0xab0200f58b01d137ULL},  {8, 0x93f5f5799a932462ULL},
                                                 {15, 0xa129ca6149be45e5ULL}, {16, 0x3f2acc7f57c29bdbULL},
                                                 {63, 0x958a324ceb064572ULL}};
  for (const auto& [size, expected] : vectors) {
    EXPECT_EQ(index_internal::SipHash24(key, std::string_view(message).substr(0, size)), expected) << size;
  }
}

TEST(FreshnessBasics, EachIndexDrawsItsOwnContentKey) {
  ScratchRepo one, two;
  ASSERT_TRUE(OpenIndex(one) && OpenIndex(two));
  auto key_of = [](const ScratchRepo& repo) {
    auto db = index_internal::Database::Open(repo.index_path(), index_internal::Database::Mode::kReadWrite);
    EXPECT_TRUE(db.ok());
    auto key = index_internal::ReadContentKey(**db);
    EXPECT_TRUE(key.ok());
    return *key;
  };
  EXPECT_NE(key_of(one), key_of(two));
}

TEST_F(FreshnessTest, UnchangedLogIsFreshWithoutWork) {
  EXPECT_TRUE(PlanIsFresh(repo_));
  RefreshReport report;
  auto index = OpenIndex(repo_, &report);
  EXPECT_FALSE(report.rebuilt);
  EXPECT_EQ(report.events_added, 0);
  EXPECT_EQ(report.files_reindexed, 0);
}

TEST_F(FreshnessTest, AppendedTailIsIndexedAlone) {
  std::vector<Event> added = {repo_.Status(1, 5000, "001-feature-x", "WP01", "doing", "for_review"),
                              repo_.Created(1, 5001, "009-new", "WP09", "Brand new")};
  repo_.Append(1, added);
  auto plan = CurrentPlan(repo_);
  int appends = 0;
  for (const auto& change : plan) appends += change.kind == index_internal::FileChange::Kind::kAppend;
  EXPECT_EQ(appends, 1);
  RefreshReport report;
  auto index = OpenIndex(repo_, &report);
  EXPECT_FALSE(report.rebuilt);
  EXPECT_EQ(report.events_added, 2);
  EXPECT_EQ(report.files_reindexed, 0);
  ExpectMatchesLog(repo_, *index);
  EXPECT_EQ(index->MaxClock(), 5001);
  auto wps = index->WorkPackages(std::string("009-new"));
  ASSERT_EQ(wps->size(), 1u);
  EXPECT_EQ((*wps)[0].title, "Brand new");
  EXPECT_EQ((*wps)[0].lane, "planned");
}

TEST_F(FreshnessTest, RewrittenFileIsReindexed) {
  // A merge result: same file, events inserted in the middle, new inode.
  std::string before = ScratchRepo::ReadAll(repo_.day_path(2));
  size_t middle = before.find('\n', before.size() / 2) + 1;
  Event inserted = repo_.Status(2, 3, "002-feature-x", "WP02", "planned", "doing");
  repo_.Rewrite(2, before.substr(0, middle) + inserted.raw_line + "\n" + before.substr(middle));
  RefreshReport report;
  auto index = OpenIndex(repo_, &report);
  EXPECT_FALSE(report.rebuilt);
  EXPECT_EQ(report.files_reindexed, 1);
  EXPECT_EQ(report.events_added, 1);  // the net change (the hook's "+1 events"), not the lines re-read
  ExpectMatchesLog(repo_, *index);
}

// Flips, in the line starting at `at`, bit 63 of its first 8-byte word and bits 63 and 34 of the
// second: under the unkeyed multiply-xorshift hash the index used before, the two differences
// cancelled and the forged content had the same hash whatever the seed.
std::string ForgedAgainstTheOldHash(std::string content, size_t at) {
  content[at + 7] = static_cast<char>(content[at + 7] ^ 0x80);
  content[at + 15] = static_cast<char>(content[at + 15] ^ 0x80);
  content[at + 12] = static_cast<char>(content[at + 12] ^ 0x04);
  return content;
}

// A teammate's commit chooses a file's bytes: a rewrite built to keep the indexed prefix's hash
// must still be seen as a rewrite (content_hash.h; with the old hash it was "touched", and the
// index kept the rows of the line that changed).
TEST_F(FreshnessTest, ARewriteForgedToKeepTheHashIsReindexed) {
  const std::string before = ScratchRepo::ReadAll(repo_.day_path(0));
  const size_t second_line = before.find('\n') + 1;
  repo_.Rewrite(0, ForgedAgainstTheOldHash(before, second_line));
  ASSERT_EQ(CurrentPlan(repo_)[0].kind, index_internal::FileChange::Kind::kRewrite);
  RefreshReport report;
  auto index = OpenIndex(repo_, &report);
  EXPECT_EQ(report.files_reindexed, 1);
  ExpectMatchesLog(repo_, *index);
}

TEST_F(FreshnessTest, SameSizeRewriteWithNewInodeIsReindexed) {
  std::string before = ScratchRepo::ReadAll(repo_.day_path(0));
  std::string after = before;
  size_t at = after.find("agent") != std::string::npos ? after.find("agent") : after.find("claude");
  ASSERT_NE(at, std::string::npos);
  after[at] = after[at] == 'c' ? 'C' : 'A';  // an actor renamed, same length
  repo_.Rewrite(0, after);
  RefreshReport report;
  auto index = OpenIndex(repo_, &report);
  EXPECT_EQ(report.files_reindexed, 1);
  ExpectMatchesLog(repo_, *index);
}

TEST_F(FreshnessTest, ShrunkFileIsReindexed) {
  std::string before = ScratchRepo::ReadAll(repo_.day_path(3));
  repo_.Rewrite(3, before.substr(0, before.find('\n') + 1));
  auto index = OpenIndex(repo_);
  ExpectMatchesLog(repo_, *index);
}

TEST_F(FreshnessTest, VanishedFileIsDropped) {
  const std::string removed = ScratchRepo::ReadAll(repo_.day_path(1));
  const auto lines = static_cast<int64_t>(std::count(removed.begin(), removed.end(), '\n'));
  std::filesystem::remove(repo_.day_path(1));
  RefreshReport report;
  auto index = OpenIndex(repo_, &report);
  EXPECT_EQ(report.files_dropped, 1);
  EXPECT_EQ(report.events_added, -lines);
  ExpectMatchesLog(repo_, *index);
}

TEST_F(FreshnessTest, NewFileIsIndexed) {
  repo_.Append(9, {repo_.Status(9, 9000, "003-feature-x", "WP03", "doing", "done")});
  RefreshReport report;
  auto index = OpenIndex(repo_, &report);
  EXPECT_EQ(report.files_reindexed, 1);
  EXPECT_EQ(report.events_added, 1);
  ExpectMatchesLog(repo_, *index);
}

// A stat that is unchanged and trusted costs no read at all; a changed one (a touch: only the
// times move) is verified by hashing the indexed content. To see which reads happen, the plan
// is asked about a directory that does not exist: any read fails the plan.
TEST_F(FreshnessTest, UnchangedStatCostsNoReadAndAChangedOneIsVerifiedByHash) {
  auto db = index_internal::Database::Open(repo_.index_path(), index_internal::Database::Mode::kReadWrite);
  ASSERT_TRUE(db.ok());
  auto records = index_internal::IndexWriter::LoadFiles(**db);
  auto files = index_internal::ListDailyFiles(repo_.events_dir());
  ASSERT_TRUE(records.ok() && files.ok());
  ASSERT_EQ(records->size(), files->size());
  for (size_t i = 0; i < files->size(); ++i) {  // as remembered once SetUp's files are old enough to trust
    (*records)[i].stat_size = static_cast<int64_t>((*files)[i].identity.size);
  }
  const std::string nowhere = repo_.root() + "/no-such-directory";
  auto key = index_internal::ReadContentKey(**db);
  ASSERT_TRUE(key.ok());
  auto plan = index_internal::PlanRefresh(*key, nowhere, *files, *records);
  ASSERT_TRUE(plan.ok()) << plan.status().message();  // nothing was read
  EXPECT_TRUE(std::all_of(plan->begin(), plan->end(), [](const auto& c) {
    return c.kind == index_internal::FileChange::Kind::kFresh;
  }));
  (*records)[0].ctime_ns -= 1;  // only the ctime differs: the content must be read and hashed
  EXPECT_FALSE(index_internal::PlanRefresh(*key, nowhere, *files, *records).ok());
  plan = index_internal::PlanRefresh(*key, repo_.events_dir(), *files, *records);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE((*plan)[0].kind == index_internal::FileChange::Kind::kTouched ||  // same bytes (kFresh
              (*plan)[0].kind == index_internal::FileChange::Kind::kFresh);     // while the stat is racy)
  (*records)[0].stat_size = -1;  // a racy record is verified the same way
  (*records)[0].ctime_ns += 1;
  EXPECT_FALSE(index_internal::PlanRefresh(*key, nowhere, *files, *records).ok());
}

// An edit in place far from the end: same inode, same size, same last 4 KiB, the mtime put back.
// Only the ctime and the hash of the whole content tell.
TEST_F(FreshnessTest, InPlaceSameSizeEditKeepingMtimeAndTailIsReindexed) {
  const std::string path = repo_.day_path(1);
  std::string bytes = ScratchRepo::ReadAll(path);
  ASSERT_GT(bytes.size(), 8192u);
  size_t at = bytes.find("WP0");
  ASSERT_LT(at, bytes.size() - 4096);
  const auto mtime = std::filesystem::last_write_time(path);
  const auto inode = platform::Stat(path).inode;
  bytes[at + 3] = bytes[at + 3] == '1' ? '2' : '1';
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(at + 3));
    file.put(bytes[at + 3]);
  }
  std::filesystem::last_write_time(path, mtime);
  ASSERT_EQ(platform::Stat(path).inode, inode);
  RefreshReport report;
  auto index = OpenIndex(repo_, &report);
  EXPECT_EQ(report.files_reindexed, 1);
  ExpectMatchesLog(repo_, *index);
}

TEST_F(FreshnessTest, RecentlyModifiedFileIsVerifiedByHashUntilItAges) {
  repo_.Append(0, {repo_.Status(0, 7000, "001-feature-x", "WP01", "doing", "for_review")});
  { auto index = OpenIndex(repo_); }
  // Just modified: the stat cannot be trusted yet, so the record asks for a hash check...
  auto plan = CurrentPlan(repo_);
  EXPECT_TRUE(std::all_of(plan.begin(), plan.end(), [](const auto& c) {
    return c.kind == index_internal::FileChange::Kind::kFresh;  // ...which finds it unchanged
  }));
  ScratchRepo::AgeMtime(repo_.day_path(0));
  { auto index = OpenIndex(repo_); }
  EXPECT_TRUE(PlanIsFresh(repo_));
}

TEST_F(FreshnessTest, TornTailThenAppendKeepsEveryEventOnce) {
  Event torn = repo_.Status(2, 8000, "001-feature-x", "WP04", "planned", "doing");
  repo_.AppendBytes(2, torn.raw_line);  // no final newline: a crash mid-write
  {
    auto index = OpenIndex(repo_);
    ExpectMatchesLog(repo_, *index);  // the torn line still decodes: it is an event
  }
  // The store's next append starts on a new line.
  Event next = repo_.Status(2, 8001, "001-feature-x", "WP04", "doing", "for_review");
  repo_.AppendBytes(2, "\n" + next.raw_line + "\n");
  auto index = OpenIndex(repo_);
  ExpectMatchesLog(repo_, *index);
  auto wps = index->WorkPackages(std::string("001-feature-x"));
  auto wp = std::find_if(wps->begin(), wps->end(), [](const auto& r) { return r.work_package_id == "WP04"; });
  ASSERT_NE(wp, wps->end());
  EXPECT_EQ(wp->lane, "for_review");
}

TEST_F(FreshnessTest, UndecodableTornFragmentCompletedLater) {
  Event event = repo_.Status(1, 8100, "002-feature-x", "WP01", "planned", "doing");
  std::string line = event.raw_line;
  repo_.AppendBytes(1, line.substr(0, line.size() / 2));
  { auto index = OpenIndex(repo_); ExpectMatchesLog(repo_, *index); }
  repo_.AppendBytes(1, line.substr(line.size() / 2) + "\n");  // completed in place
  auto index = OpenIndex(repo_);
  ExpectMatchesLog(repo_, *index);
  EXPECT_EQ(index->MaxClock(), 8100);
}

TEST_F(FreshnessTest, BadLinesAndClocklessEventsAreNotIndexed) {
  Event clockless = repo_.Status(0, 1, "001-feature-x", "WP01", "planned", "doing");
  std::string line = clockless.raw_line;
  line.replace(line.find("\"lamport_clock\":1"), 17, "\"lamport_clock\":0");
  repo_.AppendBytes(0, "not json at all\n" + line + "\n{\"no_id\":1}\n");
  auto index = OpenIndex(repo_);
  ExpectMatchesLog(repo_, *index);
}

TEST_F(FreshnessTest, LargeChangeRebuildsInsteadOfPatching) {
  // Everything rewritten: cheaper as one bulk rebuild. (Threshold is 32 MiB; this only checks
  // correctness of the path taken on a small log.)
  for (int day = 0; day < 4; ++day) repo_.Rewrite(day, ScratchRepo::ReadAll(repo_.day_path(day)));
  auto index = OpenIndex(repo_);
  ExpectMatchesLog(repo_, *index);
}

// Re-reading a file drops and re-inserts its events; wp_state is recomputed only for the WPs
// whose deciding status group or title was among them, and must still equal a full replay.
TEST(FreshnessWpState, RereadFilesKeepTheLaneAndTitleOfAFullReplay) {
  ScratchRepo repo;
  repo.Append(0, {repo.Created(0, 1, "001-a", "WP01", "Title one"), repo.Created(0, 2, "001-a", "WP02", "Other"),
                  repo.Status(0, 3, "001-a", "WP01", "planned", "doing"),
                  repo.Status(0, 4, "001-a", "WP02", "planned", "doing")});
  repo.Append(1, {repo.Status(1, 5, "001-a", "WP01", "doing", "for_review")});
  repo.AgeAll();
  auto lane = [&](EventIndex& index, const std::string& wp) {
    Result<std::vector<WorkPackageRow>> rows = index.WorkPackages(std::string("001-a"));
    EXPECT_TRUE(rows.ok());
    for (const WorkPackageRow& row : *rows) {
      if (row.work_package_id == wp) return row;
    }
    return WorkPackageRow{};
  };
  {
    auto index = OpenIndex(repo);
    ASSERT_TRUE(index);
    EXPECT_EQ(lane(*index, "WP01").lane, "for_review");
  }
  // A merge result: day 1 rewritten with a concurrent change at the deciding clock.
  std::string day1 = ScratchRepo::ReadAll(repo.day_path(1));
  repo.Rewrite(1, day1 + repo.Status(1, 5, "001-a", "WP01", "doing", "done").raw_line + "\n");
  {
    auto index = OpenIndex(repo);
    ASSERT_TRUE(index);
    ExpectMatchesLog(repo, *index);
    EXPECT_FALSE(lane(*index, "WP01").rule.empty());
    EXPECT_EQ(lane(*index, "WP02").lane, "doing");  // untouched by the re-read
  }
  // Day 0 rewritten with a later WPCreated: the title is recomputed, the lanes are not.
  std::string day0 = ScratchRepo::ReadAll(repo.day_path(0));
  repo.Rewrite(0, day0 + repo.Created(0, 6, "001-a", "WP01", "Title two").raw_line + "\n");
  {
    auto index = OpenIndex(repo);
    ASSERT_TRUE(index);
    ExpectMatchesLog(repo, *index);
    EXPECT_EQ(lane(*index, "WP01").title, "Title two");
    EXPECT_EQ(lane(*index, "WP02").title, "Other");
  }
  // Day 1 rewritten again with a later WPCreated beside WP01's deciding group (the lane is
  // recomputed because the group was re-read; the new title must not be lost on the way).
  day1 = ScratchRepo::ReadAll(repo.day_path(1));
  repo.Rewrite(1, day1 + repo.Created(1, 7, "001-a", "WP01", "Title three").raw_line + "\n");
  {
    auto index = OpenIndex(repo);
    ASSERT_TRUE(index);
    ExpectMatchesLog(repo, *index);
    EXPECT_EQ(lane(*index, "WP01").title, "Title three");
  }
  // Day 1 gone (a checkout of an older branch): WP01's lane falls back to day 0's decision.
  std::filesystem::remove(repo.day_path(1));
  {
    auto index = OpenIndex(repo);
    ASSERT_TRUE(index);
    ExpectMatchesLog(repo, *index);
    EXPECT_EQ(lane(*index, "WP01").lane, "doing");
    EXPECT_EQ(lane(*index, "WP01").title, "Title two");
    EXPECT_TRUE(lane(*index, "WP01").rule.empty());
  }
}

}  // namespace
}  // namespace kittylog
