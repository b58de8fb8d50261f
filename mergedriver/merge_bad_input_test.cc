// The kittylog-merge binary on bad input and failing I/O: nothing that was in an input is lost,
// the report names side and line, exit codes are 0/1/2 and never a signal, and %A is untouched
// whenever the driver exits 2.
#include <sys/stat.h>
#include <unistd.h>

#include <optional>
#include <random>

#include <gtest/gtest.h>

#include "tests/support/merge_test_support.h"

namespace kittylog::merge {
namespace {

using testing::Ev;
using testing::IdFor;
using testing::Log;
using testing::ProcessResult;
using testing::TempDir;

constexpr const char* kShown = ".kittify/events/2026-01-27.jsonl";

struct DriverRun {
  ProcessResult process;
  std::string merged;  // %A afterwards
};

class DriverTest : public ::testing::Test {
 protected:
  // Writes the inputs (std::nullopt leaves that file absent) and runs the driver as git would.
  DriverRun Run(const std::optional<std::string>& base, const std::optional<std::string>& ours,
                const std::optional<std::string>& theirs, const std::vector<std::string>& env = {}) {
    if (base) testing::WriteBytes(dir_ / "O", *base);
    if (ours) testing::WriteBytes(dir_ / "A", *ours);
    if (theirs) testing::WriteBytes(dir_ / "B", *theirs);
    return Invoke({dir_ / "O", dir_ / "A", dir_ / "B", "7", kShown}, env);
  }
  DriverRun Invoke(std::vector<std::string> args, const std::vector<std::string>& env = {}) {
    args.insert(args.begin(), KITTYLOG_MERGE_BINARY);
    DriverRun run;
    run.process = testing::RunProcess(args, "", env);
    EXPECT_EQ(run.process.signal, 0) << "the driver died by a signal";
    run.merged = testing::ReadBytes(dir_ / "A");
    return run;
  }
  // Fails when a temporary file of the driver was left behind.
  void ExpectNoStrayFiles() {
    for (const std::string& name : testing::ListTree(dir_.path())) {
      EXPECT_TRUE(name == "O" || name == "A" || name == "B") << "stray file " << name;
    }
  }

  TempDir dir_;
};

TEST_F(DriverTest, CleanMergeExitsZeroAndWritesOurs) {
  DriverRun run = Run(Log({Ev(1, 1)}), Log({Ev(1, 1), Ev(2, 2)}), Log({Ev(1, 1), Ev(3, 2)}));
  EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
  EXPECT_EQ(run.merged, Log({Ev(1, 1), Ev(2, 2), Ev(3, 2)}));
  ExpectNoStrayFiles();
}

TEST_F(DriverTest, ThreePathsAreEnough) {
  testing::WriteBytes(dir_ / "O", "");
  testing::WriteBytes(dir_ / "A", Log({Ev(2, 2)}));
  testing::WriteBytes(dir_ / "B", Log({Ev(1, 1)}));
  DriverRun run = Invoke({dir_ / "O", dir_ / "A", dir_ / "B"});
  EXPECT_EQ(run.process.exit_code, 0);
  EXPECT_EQ(run.merged, Log({Ev(1, 1), Ev(2, 2)}));
}

TEST_F(DriverTest, MalformedLinesAreKeptAndReportedWithSideAndLine) {
  std::string nul_line = "{\"event_id\":\"X";
  nul_line.push_back('\0');
  nul_line += "\"}";
  std::string theirs = Log({Ev(1, 1), "{\"event_id\": broken", "{\"no_id\":true}", "<<<<<<< HEAD", "=======",
                            ">>>>>>> other", nul_line, "{\"event_id\":\"\xc3\x28\"}"});
  DriverRun run = Run(Log({Ev(1, 1)}), Log({Ev(1, 1), Ev(2, 2)}), theirs);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
  std::vector<std::string> lines = testing::Lines(run.merged);
  ASSERT_EQ(lines.size(), 9u);
  EXPECT_EQ(lines[0], Ev(1, 1));
  EXPECT_EQ(lines[1], Ev(2, 2));
  for (const std::string& line : testing::Lines(theirs)) {
    EXPECT_EQ(std::count(lines.begin(), lines.end(), line), 1) << line;
  }
  const std::string& errors = run.process.err;
  for (int line = 2; line <= 8; ++line) {
    EXPECT_NE(errors.find(std::string("kittylog-merge: ") + kShown + ": warning: theirs:" + std::to_string(line) +
                          ": not an event"),
              std::string::npos)
        << "line " << line << "\n" << errors;
  }
  EXPECT_NE(errors.find("contains a NUL byte"), std::string::npos) << errors;
  EXPECT_NE(errors.find("not valid UTF-8"), std::string::npos) << errors;
}

TEST_F(DriverTest, ATenMegabyteLineIsKept) {
  std::string big = R"({"event_id":")" + IdFor(9) + R"(","lamport_clock":2,"payload":{"x":")" +
                    std::string(10 << 20, 'a') + "\"}}";
  DriverRun run = Run("", Log({Ev(1, 1)}), Log({big}));
  EXPECT_EQ(run.process.exit_code, 0);
  EXPECT_EQ(run.merged, Log({Ev(1, 1), big}));
}

// DESIGN §2: a clock outside 1..2^53-1 makes a line that is not an event: kept once, after the
// events, and reported with the rule.
TEST_F(DriverTest, BadClocksAreNotEventsKeptAndReported) {
  std::vector<std::string> odd;
  int n = 100;
  for (const char* clock : {"-5", "1.5", "9223372036854775807", "99999999999999999999999", "\"3\"", "null", "0",
                            "9007199254740992"}) {
    odd.push_back(R"({"event_id":")" + IdFor(static_cast<uint64_t>(n++)) + R"(","lamport_clock":)" + clock + "}");
  }
  DriverRun run = Run("", Log({Ev(1, 1)}), Log(odd));
  EXPECT_EQ(run.process.exit_code, 0);
  std::vector<std::string> lines = testing::Lines(run.merged);
  ASSERT_EQ(lines.size(), odd.size() + 1);
  for (const std::string& line : odd) EXPECT_EQ(std::count(lines.begin(), lines.end(), line), 1) << line;
  EXPECT_EQ(lines[0], Ev(1, 1));  // the event first, the lines that are not events after it
  EXPECT_NE(run.process.err.find("theirs:1: not an event (lamport_clock must be an integer in 1..2^53-1)"),
            std::string::npos)
      << run.process.err;
}

TEST_F(DriverTest, ConflictExitsOneWithTheBestResultWritten) {
  DriverRun run = Run(Log({Ev(1, 1, "doing")}), Log({Ev(1, 1, "done")}), Log({Ev(1, 1, "rejected")}));
  EXPECT_EQ(run.process.exit_code, 1);
  EXPECT_EQ(run.merged, Log({std::min(Ev(1, 1, "done"), Ev(1, 1, "rejected"))}));
  EXPECT_NE(run.process.err.find("CONFLICT: "), std::string::npos) << run.process.err;
  EXPECT_NE(run.process.err.find(IdFor(1)), std::string::npos);
}

TEST_F(DriverTest, MissingBaseIsAnEmptyLog) {
  DriverRun run = Run(std::nullopt, Log({Ev(2, 2)}), Log({Ev(1, 1)}));
  EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
  EXPECT_EQ(run.merged, Log({Ev(1, 1), Ev(2, 2)}));
}

TEST_F(DriverTest, MissingTheirsIsAnErrorAndLeavesOursUntouched) {
  std::string ours = Log({Ev(2, 2)}) + "no final newline";
  DriverRun run = Run("", ours, std::nullopt);
  EXPECT_EQ(run.process.exit_code, 2);
  EXPECT_EQ(run.merged, ours);
  EXPECT_NE(run.process.err.find(std::string("kittylog-merge: ") + kShown), std::string::npos);
  EXPECT_NE(run.process.err.find("nothing written"), std::string::npos) << run.process.err;
  ExpectNoStrayFiles();
}

TEST_F(DriverTest, UnwritableOursExitsTwoAndLeavesItUntouched) {
  std::string ours = Log({Ev(2, 2)});
  for (const char* fault : {"open:EACCES", "write:ENOSPC", "rename:EACCES"}) {
    DriverRun run = Run("", ours, Log({Ev(1, 1)}), {std::string("KITTYLOG_FAULT=") + fault});
    EXPECT_EQ(run.process.exit_code, 2) << fault;
    EXPECT_EQ(run.merged, ours) << fault;
    EXPECT_FALSE(run.process.err.empty());
    ExpectNoStrayFiles();
  }
  if (::geteuid() != 0) {  // root writes anywhere: permissions only bind other users
    testing::WriteBytes(dir_ / "A", ours);
    ::chmod(dir_.path().c_str(), 0555);
    DriverRun run = Invoke({dir_ / "O", dir_ / "A", dir_ / "B", "7", kShown});
    ::chmod(dir_.path().c_str(), 0755);
    EXPECT_EQ(run.process.exit_code, 2);
    EXPECT_EQ(run.merged, ours);
  }
}

TEST_F(DriverTest, OursThatIsADirectoryIsAnError) {
  testing::WriteBytes(dir_ / "B", Log({Ev(1, 1)}));
  ::mkdir((dir_ / "dir").c_str(), 0755);
  ProcessResult run = testing::RunProcess({KITTYLOG_MERGE_BINARY, dir_ / "O", dir_ / "dir", dir_ / "B"});
  EXPECT_EQ(run.exit_code, 2);
}

TEST_F(DriverTest, LargeHistoryTakesTheFastPathAndFallsBackCorrectly) {
  // ~10 MB of shared history: the driver drops compared pages of base and theirs on the way
  // (InputFile::Release), then must still read them correctly when it falls back.
  std::vector<std::string> history;
  for (int i = 1; i <= 30000; ++i) history.push_back(Ev(static_cast<uint64_t>(i), i));
  std::string base = Log(history);
  std::vector<std::string> expected = history;
  expected.push_back(Ev(90001, 30001));
  expected.push_back(Ev(90002, 30001));
  DriverRun run = Run(base, base + Log({Ev(90001, 30001)}), base + Log({Ev(90002, 30001)}),
                      {"KITTYLOG_MERGE_STATS=1"});
  EXPECT_EQ(run.process.exit_code, 0);
  EXPECT_EQ(run.merged, Log(expected));
  EXPECT_NE(run.process.err.find("fast_path=true"), std::string::npos) << run.process.err;

  // An added event that orders inside the history.
  std::vector<std::string> inside = history;
  inside.insert(inside.begin() + 100, Ev(90003, 100));
  run = Run(base, base + Log({Ev(90003, 100)}), base + Log({Ev(90002, 30001)}), {"KITTYLOG_MERGE_STATS=1"});
  inside.push_back(Ev(90002, 30001));
  EXPECT_EQ(run.process.exit_code, 0);
  EXPECT_EQ(run.merged, Log(inside));

  // Ours repeats an id of the history with other bytes: the full parse, after the release.
  run = Run(base, base + Log({Ev(5, 30005)}), base + Log({Ev(90002, 30001)}), {"KITTYLOG_MERGE_STATS=1"});
  EXPECT_EQ(run.process.exit_code, 1);  // event 5 holds two lines in ours
  EXPECT_NE(run.process.err.find("fast_path=false"), std::string::npos) << run.process.err;
  std::vector<std::string> lines = testing::Lines(run.merged);
  EXPECT_EQ(lines.size(), history.size() + 1);
  EXPECT_EQ(lines.back(), Ev(5, 30005));
}

TEST_F(DriverTest, UsageVersionAndHelp) {
  EXPECT_EQ(testing::RunProcess({KITTYLOG_MERGE_BINARY}).exit_code, 2);
  EXPECT_EQ(testing::RunProcess({KITTYLOG_MERGE_BINARY, "a", "b"}).exit_code, 2);
  ProcessResult version = testing::RunProcess({KITTYLOG_MERGE_BINARY, "--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("kittylog-merge ", 0), 0u);
  ProcessResult help = testing::RunProcess({KITTYLOG_MERGE_BINARY, "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("%O %A %B %L %P"), std::string::npos);
}

TEST_F(DriverTest, RandomGarbageNeverKillsTheDriverNorLosesALine) {
  std::mt19937_64 rng(5);
  const std::vector<std::string> pieces = {"{", "}", "[", "]", "\"event_id\":", "\"lamport_clock\":", "\"",
                                           ",", "\n", "\r\n", "\\", "-1", "1e999", "\xff", std::string(1, '\0'),
                                           "<<<<<<< ", "=======", IdFor(3), "null", " "};
  for (int round = 0; round < 60; ++round) {
    std::string inputs[3];
    for (std::string& input : inputs) {
      int length = static_cast<int>(rng() % 80);
      for (int i = 0; i < length; ++i) input += pieces[rng() % pieces.size()];
      if (rng() % 3 == 0) input += Ev(rng() % 5, static_cast<int64_t>(rng() % 4)) + "\n";
    }
    DriverRun run = Run(inputs[0], inputs[1], inputs[2]);
    ASSERT_TRUE(run.process.exit_code == 0 || run.process.exit_code == 1) << run.process.err;
    for (const std::string& input : inputs) {
      for (std::string line : testing::Lines(input)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (line.find("event_id") != std::string::npos) continue;  // an event may lose to another version
        EXPECT_NE(run.merged.find(line), std::string::npos) << "lost: " << line;
      }
    }
  }
}

}  // namespace
}  // namespace kittylog::merge
