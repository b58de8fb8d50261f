// Nothing blocks the log (issue 11 item 2; DESIGN §8, §12): a directory, a FIFO and a link to
// /dev/zero named like daily files are skipped with a warning by every reader, reported by
// `verify` (exit 1) and moved aside by `repair`; the merge driver reads regular files only.
#include <sys/stat.h>

#include <filesystem>

#include "tests/hostile/hostile_fixture.h"

namespace kittylog::gittest {
namespace {

using testing::ReadFileOrEmpty;
using testing::WriteFile;

class EntriesTest : public HostileTest {
 protected:
  // A repository whose events directory also holds the three entries that are not files.
  std::string RepoWithBlockers() {
    std::string repo = NewKittylogRepo("repo");
    std::string events = repo + "/.kittify/events/";
    std::filesystem::create_directory(events + "2026-01-28.jsonl");
    EXPECT_EQ(::mkfifo((events + "2026-01-29.jsonl").c_str(), 0666), 0);
    std::filesystem::create_symlink("/dev/zero", events + "2026-01-30.jsonl");
    return repo;
  }
};

TEST_P(EntriesTest, EveryCommandEndsAndReadersSkipWithAWarning) {
  if (CannotRunAsNobody()) GTEST_SKIP() << "the nobody variant needs root, setpriv and a build tree nobody can reach";
  std::string repo = RepoWithBlockers();
  HandOver();
  const std::vector<std::vector<std::string>> readers = {
      {"status"}, {"history", "WP01", "--feature", kFeature}, {"conflicts"}, {"query", "--format", "jsonl"},
      {"clock", "show"}, {"index", "rebuild"}, {"index", "stats"}, {"doctor"}};
  for (const std::vector<std::string>& args : readers) {
    ProcessResult result = KlAs(repo, args);
    SCOPED_TRACE(args.front());
    EXPECT_NE(result.exit_code, 124) << "hung";
    EXPECT_NE(result.exit_code, 3) << result.err;
  }
  ProcessResult status = KlAs(repo, {"status"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(Contains(status.out, "WP01"));
  for (const char* entry : {"2026-01-28.jsonl: a directory", "2026-01-29.jsonl: a FIFO", "2026-01-30.jsonl: a symbolic link"}) {
    EXPECT_TRUE(Contains(status.err, entry));
  }
  // Writers work too (today's file is another one), and the hooks end.
  ProcessResult move = KlAs(repo, {"wp", "move", "WP01", "--feature", kFeature, "--to", "doing"});
  EXPECT_EQ(move.exit_code, 0) << move.err;
  ProcessResult hook = KlAs(repo, {"hook", "post-merge", "0"});
  EXPECT_EQ(hook.exit_code, 0) << hook.err;
}

TEST_P(EntriesTest, VerifyReportsThemAndRepairMovesThemAside) {
  if (CannotRunAsNobody()) GTEST_SKIP() << "the nobody variant needs root, setpriv and a build tree nobody can reach";
  std::string repo = RepoWithBlockers();
  HandOver();
  ProcessResult verify = KlAs(repo, {"verify"});
  EXPECT_EQ(verify.exit_code, 1) << verify.err;
  EXPECT_TRUE(Contains(verify.err, ".kittify/events/2026-01-28.jsonl: a directory, not a regular file"));
  EXPECT_TRUE(Contains(verify.err, ".kittify/events/2026-01-29.jsonl: a FIFO, not a regular file"));
  EXPECT_TRUE(Contains(verify.err, ".kittify/events/2026-01-30.jsonl: a symbolic link, not a regular file"));
  EXPECT_TRUE(Contains(verify.err, "verify found 3 problem(s)"));

  EXPECT_EQ(KlAs(repo, {"repair", "--check"}).exit_code, 1);
  ProcessResult repair = KlAs(repo, {"repair"});
  EXPECT_EQ(repair.exit_code, 0) << repair.err;
  EXPECT_TRUE(Contains(repair.out, "moved aside .kittify/events/2026-01-29.jsonl: a FIFO"));
  for (const char* name : {"2026-01-28.jsonl", "2026-01-29.jsonl", "2026-01-30.jsonl"}) {
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(repo + "/.kittify/events/" + name))) << name;
  }
  size_t moved = 0;
  for (const auto& entry : std::filesystem::directory_iterator(repo + "/.kittify/quarantine")) {
    moved += entry.path().filename().string().find(".not-a-file-") != std::string::npos;
  }
  EXPECT_EQ(moved, 3u);
  ProcessResult clean = KlAs(repo, {"verify"});
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
}

TEST_P(EntriesTest, TheMergeDriverReadsRegularFilesOnly) {
  if (CannotRunAsNobody()) GTEST_SKIP() << "the nobody variant needs root, setpriv and a build tree nobody can reach";
  std::string dir = Path("driver");
  std::filesystem::create_directories(dir);
  const std::string line = R"({"event_id":"01KFZN6BG0ZZZZZZZZZZZZZ001","event_type":"TagsAdded","event_version":1,)"
                           R"("lamport_clock":1,"entity_id":"WP01","entity_type":"WorkPackage",)"
                           R"("timestamp":"2026-01-27T12:00:01.000Z","actor":"a","causation_id":null,)"
                           R"("correlation_id":null,"payload":{"tags":["x"]}})"
                           "\n";
  WriteFile(dir + "/O", line);
  WriteFile(dir + "/A", line);
  ASSERT_EQ(::mkfifo((dir + "/fifo").c_str(), 0666), 0);
  HandOver();
  for (const std::string& theirs : {std::string("/dev/zero"), dir + "/fifo", dir}) {
    ProcessResult merged = MergeDriverAs(dir, {dir + "/O", dir + "/A", theirs, "7", "x.jsonl"});
    EXPECT_EQ(merged.exit_code, 2) << theirs << ": " << merged.err;
    EXPECT_TRUE(Contains(merged.err, "not a regular file")) << theirs;
    EXPECT_EQ(ReadFileOrEmpty(dir + "/A"), line) << theirs;
  }
  // A missing base is still an empty log.
  ProcessResult no_base = MergeDriverAs(dir, {dir + "/none", dir + "/A", dir + "/O"});
  EXPECT_EQ(no_base.exit_code, 0) << no_base.err;
}

INSTANTIATE_TEST_SUITE_P(Users, EntriesTest, ::testing::Values(Who::kSelf, Who::kNobody), WhoName);

}  // namespace
}  // namespace kittylog::gittest
