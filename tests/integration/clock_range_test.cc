// The clock range of DESIGN §2 (issue 10, item 6): a line whose lamport_clock is not an integer
// in 1..2^53-1 is not an event. It stays in the file, `verify` and `doctor` report it, `repair`
// quarantines it, nothing replays it and no clock witnesses it, so a hostile line merged from
// another branch cannot push the clock to its end and block every later write.
#include <algorithm>
#include <filesystem>

#include "tests/integration/git_fixture.h"

namespace kittylog::gittest {
namespace {

using testing::WriteFile;

// An event line of the fixture's feature at `clock` (given as JSON text, so any value fits).
std::string TagLine(const std::string& id, const std::string& clock) {
  return R"({"event_id":")" + id + R"(","event_type":"TagsAdded","event_version":1,"lamport_clock":)" + clock +
         R"(,"entity_id":"WP01","entity_type":"WorkPackage","timestamp":"2026-01-27T12:00:00.000Z",)"
         R"("actor":"mallory","causation_id":null,"correlation_id":null,)"
         R"("payload":{"tags":["pwned"],"feature_slug":"001-demo"}})";
}

std::vector<std::string> QuarantinedLines(const std::string& repo) {
  std::vector<std::string> lines;
  if (!std::filesystem::exists(repo + "/.kittify/quarantine")) return lines;
  for (const auto& entry : std::filesystem::directory_iterator(repo + "/.kittify/quarantine")) {
    if (entry.path().extension() != ".jsonl") continue;
    for (std::string& line : testing::SplitLines(testing::ReadFileOrEmpty(entry.path().string()))) {
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

class ClockRangeTest : public GitTest {};

// The issue's case: a branch commits a line at 2^63-1 (and one just past 2^53-1); after the
// merge every later write still works, and the lines are reported, then quarantined.
TEST_F(ClockRangeTest, AMergedLineAtTheEndOfTheClockDoesNotBlockLaterWrites) {
  std::string repo = NewKittylogRepo("repo");
  const std::string at_int64_max = TagLine("01KFZZZZZZ00000000000000X1", "9223372036854775807");
  const std::string past_2_53 = TagLine("01KFZZZZZZ00000000000000X2", "9007199254740992");
  GitOk(repo, {"checkout", "-q", "-b", "hostile"});
  WriteFile(repo + "/" + kDailyFile, ReadFile(repo + "/" + kDailyFile) + at_int64_max + "\n" + past_2_53 + "\n");
  // pre-commit refuses such lines; a hostile teammate (or a clone without the hooks) skips it.
  ProcessResult refused = Git(repo, {"commit", "-qam", "hostile clocks"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_TRUE(Contains(refused.err, "lamport_clock must be an integer in 1..2^53-1"));
  GitOk(repo, {"commit", "-q", "--no-verify", "-am", "hostile clocks"});
  GitOk(repo, {"checkout", "-q", "main"});
  MoveWp(repo, "WP02", "doing");  // clock 4
  Commit(repo, "main moves on");
  GitOk(repo, {"merge", "-q", "--no-edit", "hostile"});

  // Kept in the file (the driver keeps every line), never witnessed by the clock.
  std::string merged = ReadFile(repo + "/" + kDailyFile);
  EXPECT_TRUE(Contains(merged, at_int64_max + "\n"));
  EXPECT_TRUE(Contains(merged, past_2_53 + "\n"));
  EXPECT_EQ(MaxClockInLog(repo), 4);
  EXPECT_LE(StoredClock(repo), 4);

  // Every later write works, at the next clock after the real events.
  MoveWp(repo, "WP01", "doing");
  EXPECT_EQ(LogEvents(repo).back().lamport_clock, 5);
  EXPECT_EQ(LogEvents(repo).back().payload.new_status, "doing");
  KlOk(repo, {"wp", "tag", "WP01", "--feature", kFeature, "ok"});
  EXPECT_TRUE(Contains(KlOk(repo, {"clock", "show"}).out, "6"));
  // Never replayed: the hostile tag is not on the board.
  std::string status = KlOk(repo, {"--json", "status"}).out;
  EXPECT_FALSE(Contains(status, "pwned")) << status;

  // Reported by verify (file:line and the rule) and by doctor.
  ProcessResult verify = Kl(repo, {"verify"});
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_TRUE(Contains(verify.err, "lamport_clock must be an integer in 1..2^53-1")) << verify.err;
  EXPECT_TRUE(Contains(verify.err, "not an event")) << verify.err;
  ProcessResult doctor = Kl(repo, {"doctor"});
  EXPECT_EQ(doctor.exit_code, 1) << doctor.out << doctor.err;
  EXPECT_TRUE(Contains(doctor.out + doctor.err, "event files")) << doctor.out << doctor.err;
  EXPECT_TRUE(Contains(doctor.out + doctor.err, "kittylog repair")) << doctor.out << doctor.err;

  // Quarantined by repair; then the log is clean and nothing else moved.
  ProcessResult repaired = KlOk(repo, {"repair"});
  EXPECT_TRUE(Contains(repaired.out, "2 lines quarantined")) << repaired.out;
  std::vector<std::string> quarantined = QuarantinedLines(repo);
  EXPECT_EQ(quarantined.size(), 2u);
  EXPECT_NE(std::find(quarantined.begin(), quarantined.end(), at_int64_max), quarantined.end());
  EXPECT_NE(std::find(quarantined.begin(), quarantined.end(), past_2_53), quarantined.end());
  EXPECT_EQ(Kl(repo, {"verify"}).exit_code, 0);
  EXPECT_EQ(LogEvents(repo).size(), 6u);  // spec, 2 WPs, WP02 at 4, WP01 at 5, the tag at 6
  EXPECT_EQ(LaneOf(repo, "WP01"), "doing");
}

// A clock file pushed to the end before this fix (it witnessed such a line) is not a clock:
// it is recovered from the log with a warning, so the checkout writes again.
TEST_F(ClockRangeTest, AClockFileBeyondTheRangeIsRecoveredFromTheLog) {
  std::string repo = NewKittylogRepo("repo");
  WriteFile(repo + "/.kittify/clock.json", "{\"value\":9223372036854775807,\"last_updated\":\"2026-01-27T12:00:00.000Z\"}\n");
  ProcessResult moved = Kl(repo, {"wp", "move", "WP01", "--feature", kFeature, "--to", "doing"});
  EXPECT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_TRUE(Contains(moved.err, "recovering the clock from the log")) << moved.err;
  EXPECT_EQ(LogEvents(repo).back().lamport_clock, 4);
  EXPECT_EQ(StoredClock(repo), 4);
}

// A line at the end of the range was merged (clock.json witnessed it), then reverted: the log no
// longer holds it, and writes go on after the log's highest clock instead of failing forever.
TEST_F(ClockRangeTest, AClockFileAtTheEndOfTheRangeThatTheLogNoLongerHoldsDoesNotBlockWrites) {
  std::string repo = NewKittylogRepo("repo");
  WriteFile(repo + "/.kittify/clock.json", "{\"value\":9007199254740991,\"last_updated\":\"2026-01-27T12:00:00.000Z\"}\n");
  ProcessResult moved = Kl(repo, {"wp", "move", "WP01", "--feature", kFeature, "--to", "doing"});
  EXPECT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_TRUE(Contains(moved.err, "leaves no room for a write")) << moved.err;
  EXPECT_EQ(LogEvents(repo).back().lamport_clock, 4);
  EXPECT_EQ(StoredClock(repo), 4);
}

// The largest clock is still an event (exact in every JSON reader); the one after it is not.
TEST_F(ClockRangeTest, TheBoundIsInclusive) {
  std::string repo = NewKittylogRepo("repo");
  WriteFile(repo + "/" + kDailyFile,
            ReadFile(repo + "/" + kDailyFile) + TagLine("01KFZZZZZZ00000000000000X3", "9007199254740991") + "\n");
  ProcessResult verify = Kl(repo, {"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_TRUE(Contains(KlOk(repo, {"--json", "status"}).out, "pwned"));
  // No write can follow it: refused with the rule, nothing written.
  std::string before = ReadFile(repo + "/" + kDailyFile);
  ProcessResult moved = Kl(repo, {"wp", "move", "WP01", "--feature", kFeature, "--to", "doing"});
  EXPECT_EQ(moved.exit_code, 1);
  EXPECT_TRUE(Contains(moved.err, "2^53-1")) << moved.err;
  EXPECT_EQ(ReadFile(repo + "/" + kDailyFile), before);
}

// Issue 16: a line at clock 0 kept `verify` red ("`kittylog repair` fixes merge damage") while
// `repair` said "nothing to repair". Out of range, it is not an event: repair quarantines it.
TEST_F(ClockRangeTest, VerifyAndRepairAgreeOnALineAtClockZero) {
  std::string repo = NewKittylogRepo("repo");
  const std::string zero = TagLine("01KFZZZZZZ00000000000000X4", "0");
  const std::string absent = R"({"event_id":"01KFZZZZZZ00000000000000X5","event_type":"TagsAdded",)"
                             R"("entity_id":"WP01","entity_type":"WorkPackage","payload":{"tags":["x"]}})";
  WriteFile(repo + "/" + kDailyFile, ReadFile(repo + "/" + kDailyFile) + zero + "\n" + absent + "\n");
  ProcessResult verify = Kl(repo, {"verify"});
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_TRUE(Contains(verify.err, "kittylog repair")) << verify.err;
  ProcessResult check = Kl(repo, {"repair", "--check"});
  EXPECT_EQ(check.exit_code, 1) << check.out;
  ProcessResult repaired = KlOk(repo, {"repair"});
  EXPECT_EQ(repaired.out.find("nothing to repair"), std::string::npos) << repaired.out;
  EXPECT_TRUE(Contains(repaired.out, "2 lines quarantined")) << repaired.out;
  EXPECT_EQ(QuarantinedLines(repo), (std::vector<std::string>{zero, absent}));
  EXPECT_EQ(Kl(repo, {"verify"}).exit_code, 0);
}

// Strict on write: a batch that would pass the bound is refused whole.
TEST_F(ClockRangeTest, EmitRefusesAClockPastTheBound) {
  std::string repo = NewKittylogRepo("repo");
  WriteFile(repo + "/.kittify/clock.json", "{\"value\":9007199254740990,\"last_updated\":\"2026-01-27T12:00:00.000Z\"}\n");
  std::string before = ReadFile(repo + "/" + kDailyFile);
  std::string line = R"({"event_type":"TagsAdded","entity_id":"WP01","entity_type":"WorkPackage",)"
                     R"("payload":{"tags":["a"],"feature_slug":"001-demo"}})";
  ProcessOptions input;
  input.stdin_data = line + "\n" + line + "\n";
  ProcessResult batch = Kl(repo, {"emit", "--stdin"}, input);
  EXPECT_EQ(batch.exit_code, 1) << batch.err;
  EXPECT_TRUE(Contains(batch.err, "2^53-1")) << batch.err;
  EXPECT_EQ(ReadFile(repo + "/" + kDailyFile), before);
  ProcessResult one = Kl(repo, {"wp", "tag", "WP01", "--feature", kFeature, "last"});
  EXPECT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(LogEvents(repo).back().lamport_clock, 9007199254740991);
}

}  // namespace
}  // namespace kittylog::gittest
