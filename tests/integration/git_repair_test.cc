// `kittylog repair` on what merges without the driver leave (DESIGN §9; docs/repair.md): the
// text conflict of a clone that never ran install, and a server-side union merge. The repaired
// file is byte-identical to what kittylog-merge writes from the same three versions.
#include <filesystem>

#include "tests/integration/git_fixture.h"

namespace kittylog::gittest {
namespace {

using testing::WriteFile;

class RepairTest : public GitTest {
 protected:
  // origin with the plan; `clone` (no install) gets two branches that append concurrently.
  // Returns the clone; `base`, `ours`, `theirs` receive the three versions of the daily file.
  std::string ConcurrentAppendsInAFreshClone(std::string& base, std::string& ours, std::string& theirs) {
    std::string origin = NewKittylogRepo("origin");
    GitOk(tmp_.path(), {"clone", "-q", origin, "clone"});
    std::string clone = Path("clone");
    base = ReadFile(clone + "/" + kDailyFile);
    GitOk(clone, {"checkout", "-q", "-b", "theirs"});
    MoveWp(clone, "WP02", "doing", "bob");
    Commit(clone, "theirs");
    theirs = ReadFile(clone + "/" + kDailyFile);
    GitOk(clone, {"checkout", "-q", "main"});
    // The clone's clock knows theirs' events: lower it so both sides use the same clocks.
    WriteFile(clone + "/.kittify/clock.json", "{\"value\":3,\"last_updated\":\"2026-01-27T12:00:00.000Z\"}\n");
    MoveWp(clone, "WP01", "doing", "alice");
    MoveWp(clone, "WP01", "for_review", "alice");  // clocks 4, 5 against theirs' 4: a union is out of order
    Commit(clone, "ours");
    ours = ReadFile(clone + "/" + kDailyFile);
    return clone;
  }
};

TEST_F(RepairTest, CloneWithoutInstallGetsMarkersAndRepairGivesTheDriverResult) {
  std::string base, ours, theirs;
  std::string clone = ConcurrentAppendsInAFreshClone(base, ours, theirs);
  ASSERT_EQ(Git(clone, {"config", "merge.kittylog.driver"}).exit_code, 1);  // never installed
  ProcessResult merged = Git(clone, {"merge", "--no-edit", "theirs"});
  EXPECT_EQ(merged.exit_code, 1);  // a text conflict
  std::string damaged = ReadFile(clone + "/" + kDailyFile);
  ASSERT_TRUE(Contains(damaged, "<<<<<<< "));

  EXPECT_EQ(Kl(clone, {"verify"}).exit_code, 1);
  EXPECT_EQ(Kl(clone, {"repair", "--check"}).exit_code, 1);
  EXPECT_EQ(ReadFile(clone + "/" + kDailyFile), damaged);  // --check changes nothing
  ProcessResult repaired = KlOk(clone, {"repair", kDailyFile});
  EXPECT_TRUE(Contains(repaired.out, "repaired " + std::string(kDailyFile) + ": unmerged in the git index (both "
                                     "modified): kept, its versions there merged as the driver would, 1 conflict block"));
  EXPECT_TRUE(Contains(repaired.out, "mark it resolved with `git add .kittify/events`, then `git commit`"));

  std::string expected = DriverResult(Path("driver"), base, ours, theirs);
  EXPECT_EQ(ReadFile(clone + "/" + kDailyFile), expected);
  EXPECT_EQ(Kl(clone, {"verify"}).exit_code, 0);
  EXPECT_EQ(Kl(clone, {"index", "check"}).exit_code, 0);
  EXPECT_EQ(StoredClock(clone), MaxClockInLog(clone));
  EXPECT_FALSE(std::filesystem::exists(clone + "/.kittify/quarantine"));  // markers are not data
  GitOk(clone, {"add", "-A"});
  GitOk(clone, {"commit", "-q", "--no-edit"});
}

TEST_F(RepairTest, ServerSideUnionMergeIsFoundByVerifyAndFixedByRepair) {
  std::string base, ours, theirs;
  std::string clone = ConcurrentAppendsInAFreshClone(base, ours, theirs);
  // What a forge does with merge=union: both sides' added lines, ours first.
  WriteFile(Path("base"), base);
  WriteFile(Path("ours"), ours);
  WriteFile(Path("theirs"), theirs);
  ProcessResult unioned = Git(tmp_.path(), {"merge-file", "-p", "--union", "ours", "base", "theirs"});
  ASSERT_EQ(unioned.exit_code, 0);
  WriteFile(clone + "/" + kDailyFile, unioned.out);

  ProcessResult verify = Kl(clone, {"verify"});
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_TRUE(Contains(verify.err, "out of order"));
  KlOk(clone, {"repair"});
  EXPECT_EQ(ReadFile(clone + "/" + kDailyFile), DriverResult(Path("driver"), base, ours, theirs));
  EXPECT_EQ(Kl(clone, {"verify"}).exit_code, 0);
}

TEST_F(RepairTest, LinesThatAreNotEventsAreQuarantinedNeverLost) {
  std::string repo = NewKittylogRepo("repo");
  std::string file = repo + "/" + kDailyFile;
  std::string good = ReadFile(file);
  std::string first = good.substr(0, good.find('\n') + 1);
  std::string damaged = "garbage line\r\n" + good + first + "{\"event_type\":\"no id\"}\n" + "torn {\"event_id";
  WriteFile(file, damaged);

  ProcessResult check = Kl(repo, {"repair", "--check"});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_TRUE(Contains(check.out, "would quarantine line 1"));
  ProcessResult repaired = KlOk(repo, {"repair"});
  EXPECT_TRUE(Contains(repaired.out, "1 duplicate removed, 3 lines quarantined"));
  EXPECT_EQ(ReadFile(file), good);

  std::vector<std::string> quarantined;
  for (const auto& entry : std::filesystem::directory_iterator(repo + "/.kittify/quarantine")) {
    quarantined.push_back(entry.path().string());
  }
  ASSERT_EQ(quarantined.size(), 2u);  // the lines and their notes
  std::sort(quarantined.begin(), quarantined.end());
  EXPECT_EQ(ReadFile(quarantined[0]), "garbage line\r\n{\"event_type\":\"no id\"}\ntorn {\"event_id\n");
  std::string notes = ReadFile(quarantined[1]);
  EXPECT_TRUE(Contains(notes, std::string(kDailyFile) + ":1: "));
  EXPECT_TRUE(Contains(notes, std::string(kDailyFile) + ":6: "));
  EXPECT_TRUE(Contains(notes, std::string(kDailyFile) + ":7: "));
  EXPECT_TRUE(Contains(KlOk(repo, {"repair"}).out, "nothing to repair"));
}

TEST_F(RepairTest, BadArgumentsAreUsageErrors) {
  std::string repo = NewKittylogRepo("repo");
  EXPECT_EQ(Kl(repo, {"repair", "README.md"}).exit_code, 2);
  EXPECT_EQ(Kl(repo, {"repair", "2026-01-28.jsonl"}).exit_code, 2);
  EXPECT_EQ(Kl(repo, {"repair", "/etc/2026-01-27.jsonl"}).exit_code, 2);
  std::filesystem::create_directories(Path("plain"));
  EXPECT_EQ(Kl(Path("plain"), {"repair"}).exit_code, 3);
}

}  // namespace
}  // namespace kittylog::gittest
