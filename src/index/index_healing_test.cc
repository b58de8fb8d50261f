// Self-healing (DESIGN §7): every kind of bad index.db is set aside, rebuilt with a warning,
// and the caller's read still answers from the log. A read-only .kittify/ still answers.
#include <sqlite3.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include "index/event_index.h"
#include "index/index_test_util.h"

namespace kittylog {
namespace {

using testing::ExpectMatchesLog;
using testing::OpenIndex;
using testing::ScratchRepo;

void RunSql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

int CountCorruptCopies(const ScratchRepo& repo) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(repo.events_dir())) {
    std::string name = entry.path().filename().string();
    if (name.starts_with("index.db.corrupt-") && !name.ends_with("-wal") && !name.ends_with("-shm")) ++count;
  }
  return count;
}

class HealingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::GenerateLog(repo_, 800, 4);
    repo_.AgeAll();
    auto index = OpenIndex(repo_);
    ASSERT_TRUE(index);
  }

  // Opens over the damaged file: the open succeeds, warns naming the reason and the copy set
  // aside, and every answer matches the log.
  void ExpectHealed(const std::string& reason) {
    RefreshReport report;
    auto index = OpenIndex(repo_, &report);
    ASSERT_TRUE(index);
    EXPECT_TRUE(report.rebuilt);
    std::string warnings = fmt::format("{}", fmt::join(report.warnings, "\n"));
    EXPECT_NE(warnings.find(reason), std::string::npos) << warnings;
    EXPECT_NE(warnings.find("set aside as index.db.corrupt-"), std::string::npos) << warnings;
    EXPECT_EQ(CountCorruptCopies(repo_), 1);
    ExpectMatchesLog(repo_, *index);
  }

  ScratchRepo repo_;
};

TEST_F(HealingTest, RandomBytes) {
  std::mt19937 random(1);
  std::string bytes(65536, '\0');
  for (char& c : bytes) c = static_cast<char>(random());
  ScratchRepo::WriteAll(repo_.index_path(), bytes);
  ExpectHealed("not a database");
}

TEST_F(HealingTest, TruncatedFile) {
  std::string bytes = ScratchRepo::ReadAll(repo_.index_path());
  ScratchRepo::WriteAll(repo_.index_path(), bytes.substr(0, bytes.size() / 2));
  ExpectHealed("truncated");
}

TEST_F(HealingTest, ZeroedHeader) {
  std::string bytes = ScratchRepo::ReadAll(repo_.index_path());
  std::fill(bytes.begin(), bytes.begin() + 100, '\0');
  ScratchRepo::WriteAll(repo_.index_path(), bytes);
  ExpectHealed("not a database");
}

TEST_F(HealingTest, WrongUserVersion) {
  RunSql(repo_.index_path(), "PRAGMA user_version = 99");
  ExpectHealed("schema version 99");
}

TEST_F(HealingTest, ForeignSqliteFile) {
  std::filesystem::remove(repo_.index_path());
  RunSql(repo_.index_path(), "CREATE TABLE notes(x); INSERT INTO notes VALUES('mine')");
  ExpectHealed("not a kittylog index");
}

TEST_F(HealingTest, EmptyFile) {
  ScratchRepo::WriteAll(repo_.index_path(), "");
  ExpectHealed("too short");
}

TEST_F(HealingTest, StaleWalAndShmFromAnotherDatabase) {
  // Another checkout's index with committed but not checkpointed WAL content.
  ScratchRepo other;
  testing::GenerateLog(other, 300, 2, 99);
  { auto index = OpenIndex(other); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(other.index_path().c_str(), &db), SQLITE_OK);
  int persist = 1;
  sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA wal_autocheckpoint = 0; DELETE FROM events;",
                         nullptr, nullptr, nullptr), SQLITE_OK);
  ASSERT_GT(std::filesystem::file_size(other.index_path() + "-wal"), 0u);
  std::filesystem::copy_file(other.index_path() + "-wal", repo_.index_path() + "-wal",
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(other.index_path() + "-shm", repo_.index_path() + "-shm",
                             std::filesystem::copy_options::overwrite_existing);
  sqlite3_close(db);
  ExpectHealed("index.db-wal");
}

TEST_F(HealingTest, MissingIndexWithLeftoverWal) {
  ScratchRepo other;
  testing::GenerateLog(other, 100, 1, 5);
  { auto index = OpenIndex(other); }
  std::filesystem::remove(repo_.index_path());
  ScratchRepo::WriteAll(repo_.index_path() + "-wal", std::string(4096, 'w'));
  RefreshReport report;
  auto index = OpenIndex(repo_, &report);
  ASSERT_TRUE(index);
  EXPECT_TRUE(report.rebuilt);
  ASSERT_FALSE(report.warnings.empty());
  EXPECT_NE(report.warnings[0].find("missing"), std::string::npos);
  ExpectMatchesLog(repo_, *index);
}

// The leaf pages of `table` in the SQLite file at `path` (the dbstat virtual table).
std::vector<int64_t> LeafPagesOf(const std::string& path, const std::string& table) {
  std::vector<int64_t> pages;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT pageno FROM dbstat WHERE name = ?1 AND pagetype = 'leaf'", -1, &statement,
                               nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_bind_text(statement, 1, table.c_str(), -1, SQLITE_TRANSIENT);
  while (sqlite3_step(statement) == SQLITE_ROW) pages.push_back(sqlite3_column_int64(statement, 0));
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return pages;
}

TEST_F(HealingTest, DamageFoundByALaterQueryHealsAndRetries) {
  std::string bytes = ScratchRepo::ReadAll(repo_.index_path());
  // Zero the middle leaf pages of `events` (what the query reads), keeping page 1 and the size
  // intact: Open's checks pass, the query finds the damage.
  const size_t page = 4096;
  std::vector<int64_t> leaves = LeafPagesOf(repo_.index_path(), "events");
  ASSERT_GE(leaves.size(), 3u);
  for (size_t i = leaves.size() / 3; i < leaves.size() * 2 / 3; ++i) {
    const size_t from = static_cast<size_t>(leaves[i] - 1) * page;
    std::fill(bytes.begin() + static_cast<long>(from), bytes.begin() + static_cast<long>(from + page), '\0');
  }
  ScratchRepo::WriteAll(repo_.index_path(), bytes);
  RefreshReport report;
  auto index = OpenIndex(repo_, &report);
  ASSERT_TRUE(index);
  auto events = index->Query(QueryFilter{});
  ASSERT_TRUE(events.ok()) << events.status().message();
  EXPECT_EQ(testing::RawLines(*events), testing::ReferenceQuery(testing::ReferenceReplay(repo_), QueryFilter{}));
  EXPECT_EQ(CountCorruptCopies(repo_), 1);
  ExpectMatchesLog(repo_, *index);
}

// The content hashes mean nothing without their key: an index that lost meta('content_key')
// (or holds one that is not 32 hex digits) is not trusted, and is rebuilt with a new key.
TEST_F(HealingTest, AnIndexWithoutItsContentKeyIsRebuilt) {
  for (const char* sql : {"DELETE FROM meta WHERE key = 'content_key'",
                          "UPDATE meta SET value = 'not a key' WHERE key = 'content_key'"}) {
    RunSql(repo_.index_path(), sql);
    RefreshReport report;
    auto index = OpenIndex(repo_, &report);
    ASSERT_TRUE(index);
    EXPECT_TRUE(report.rebuilt) << sql;
    EXPECT_NE(fmt::format("{}", fmt::join(report.warnings, "\n")).find("content key missing"), std::string::npos)
        << sql << ": " << fmt::format("{}", fmt::join(report.warnings, "\n"));
    ExpectMatchesLog(repo_, *index);
  }
}

TEST_F(HealingTest, OnlyTheNewestCorruptCopiesAreKept) {
  for (int i = 0; i < 5; ++i) {
    RunSql(repo_.index_path(), "PRAGMA user_version = 77");
    auto index = OpenIndex(repo_);
  }
  EXPECT_EQ(CountCorruptCopies(repo_), 3);
}

// The name the warning gives for the copy set aside ("" when it names none).
std::string SetAsideName(const RefreshReport& report) {
  for (const std::string& warning : report.warnings) {
    size_t at = warning.find("set aside as ");
    if (at == std::string::npos) continue;
    at += std::string_view("set aside as ").size();
    return warning.substr(at, warning.find(';', at) - at);
  }
  return "";
}

// Copies set aside within one second (and copies from a clock that was ahead) never push out the
// copy just made: the warning always names a file that exists, and the 3 newest copies are kept.
TEST_F(HealingTest, TheCopyJustSetAsideIsAlwaysKept) {
  ScratchRepo::WriteAll(repo_.events_dir() + "/index.db.corrupt-99991231T235959Z", "from a clock far ahead");
  ScratchRepo::WriteAll(repo_.events_dir() + "/index.db.corrupt-99991231T235959Z-2", "from a clock far ahead");
  ScratchRepo::WriteAll(repo_.events_dir() + "/index.db.corrupt-99991231T235959Z-3", "from a clock far ahead");
  std::vector<std::string> named;
  for (int round = 0; round < 12; ++round) {
    RunSql(repo_.index_path(), "PRAGMA user_version = 77");
    RefreshReport report;
    auto index = OpenIndex(repo_, &report);
    ASSERT_TRUE(index);
    std::string name = SetAsideName(report);
    ASSERT_FALSE(name.empty()) << fmt::format("{}", fmt::join(report.warnings, "\n"));
    EXPECT_TRUE(std::filesystem::exists(repo_.events_dir() + "/" + name)) << "round " << round << ": " << name;
    EXPECT_EQ(std::count(named.begin(), named.end(), name), 0) << "round " << round << ": " << name << " reused";
    named.push_back(name);
    EXPECT_EQ(CountCorruptCopies(repo_), 3);
  }
  // The last three set aside are the three kept.
  for (size_t i = named.size() - 3; i < named.size(); ++i) {
    EXPECT_TRUE(std::filesystem::exists(repo_.events_dir() + "/" + named[i])) << named[i];
  }
}

// Runs `body` in a child process that cannot write to the checkout (as `nobody` when we are
// root, since root ignores permission bits). Returns the child's exit code.
template <typename Body>
int RunReadOnly(const ScratchRepo& repo, Body body) {
  namespace fs = std::filesystem;
  fs::permissions(repo.root(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                   fs::perms::others_read | fs::perms::others_exec);
  for (const std::string& dir : {repo.root() + "/.kittify", repo.events_dir()}) {
    fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                             fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  }
  pid_t pid = ::fork();
  if (pid == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) _exit(90);
    _exit(body());
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  for (const std::string& dir : {repo.root() + "/.kittify", repo.events_dir()}) {
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
}

int QueryMatchesLog(const ScratchRepo& repo, bool expect_temporary) {
  RefreshReport report;
  auto index = EventIndex::Open(repo.layout(), IndexOptions{}, &report);
  if (!index.ok()) return 1;
  if ((*index)->temporary() != expect_temporary) return 2;
  bool warned = !report.warnings.empty() && report.warnings[0].find("read-only") != std::string::npos;
  if (warned != expect_temporary) return 3;
  auto events = (*index)->Query(QueryFilter{});
  if (!events.ok()) return 4;
  if (testing::RawLines(*events) != testing::ReferenceQuery(testing::ReferenceReplay(repo), QueryFilter{})) return 5;
  if ((*index)->WorkPackages(std::nullopt)->empty()) return 6;
  return 0;
}

TEST_F(HealingTest, ReadOnlyWithAFreshIndexAnswersFromIt) {
  EXPECT_EQ(RunReadOnly(repo_, [&] { return QueryMatchesLog(repo_, false); }), 0);
}

TEST_F(HealingTest, ReadOnlyWithAStaleIndexAnswersFromATemporaryOne) {
  repo_.Append(1, {repo_.Status(1, 9999, "001-feature-x", "WP01", "doing", "done")});
  EXPECT_EQ(RunReadOnly(repo_, [&] { return QueryMatchesLog(repo_, true); }), 0);
}

TEST_F(HealingTest, ReadOnlyWithoutAnIndexAnswersFromATemporaryOne) {
  std::filesystem::remove(repo_.index_path());
  EXPECT_EQ(RunReadOnly(repo_, [&] { return QueryMatchesLog(repo_, true); }), 0);
}

TEST_F(HealingTest, ARebuildRemovesTempFilesLeftByAKilledRebuild) {
  const std::string left = repo_.events_dir() + "/index.db.tmp-999999";
  ScratchRepo::WriteAll(left, std::string(8192, 'x'));
  auto index = OpenIndex(repo_);
  ASSERT_TRUE(index);
  ASSERT_TRUE(index->Rebuild().ok());
  EXPECT_FALSE(std::filesystem::exists(left));
  ExpectMatchesLog(repo_, *index);
}

}  // namespace
}  // namespace kittylog
