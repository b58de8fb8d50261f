// Text is safe and readable (issue 11 item 8; DESIGN §12): bidi and invisible format characters
// are escaped like control characters, a byte order mark does not hide the first event, verify
// names what is wrong with a line (no type or entity, a conflict marker), and CJK titles keep
// the board's columns aligned.
#include <filesystem>

#include "event/terminal_text.h"
#include "tests/hostile/hostile_fixture.h"

namespace kittylog::gittest {
namespace {

using testing::SplitLines;
using testing::WriteFile;

const std::string kRlo = "\xe2\x80\xae";  // U+202E RIGHT-TO-LEFT OVERRIDE
const std::string kLri = "\xe2\x81\xa6";  // U+2066 LEFT-TO-RIGHT ISOLATE
const std::string kPdi = "\xe2\x81\xa9";  // U+2069 POP DIRECTIONAL ISOLATE
const std::string kZwsp = "\xe2\x80\x8b";  // U+200B ZERO WIDTH SPACE

// A raw bidi or invisible character in `text`, or "".
std::string RawInvisible(const std::string& text) {
  for (const std::string& c : {kRlo, kLri, kPdi, kZwsp}) {
    if (text.find(c) != std::string::npos) return EscapeForTerminal(c);
  }
  return "";
}

class TextTest : public GitTest {
 protected:
  std::string File(const std::string& repo) const { return repo + "/" + kDailyFile; }
};

TEST_F(TextTest, BidiAndInvisibleCharactersAreShownEscaped) {
  std::string repo = NewKittylogRepo("repo");
  const std::string title = "Pay " + kRlo + "gnp.exe" + kLri + "x" + kPdi + "in" + kZwsp + "voice";
  KlOk(repo, {"wp", "create", "WP07", "--feature", kFeature, "--title", title});
  KlOk(repo, {"wp", "move", "WP07", "--feature", kFeature, "--to", "doing", "--reason", "r" + kRlo + "eason"});
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"status"}, {"history", "WP07", "--feature", kFeature}, {"query"}}) {
    ProcessResult result = KlOk(repo, args);
    EXPECT_EQ(RawInvisible(result.out + result.err), "") << args.front() << ": " << result.out;
  }
  ProcessResult history = KlOk(repo, {"history", "WP07", "--feature", kFeature});
  EXPECT_TRUE(Contains(history.out, "Pay \\u{202e}gnp.exe\\u{2066}x\\u{2069}in\\u{200b}voice"));
  EXPECT_TRUE(Contains(history.out, "r\\u{202e}eason"));
  // --json carries the text itself (JSON escaping is the consumer's business, not a terminal's).
  EXPECT_TRUE(Contains(KlOk(repo, {"--json", "status"}).out, kRlo));

  // The merge driver's report goes through the same escaper.
  std::string base = ReadFile(File(repo));
  std::string dir = Path("driver");
  std::filesystem::create_directories(dir);
  auto line = [&](const std::string& id, const std::string& to) {
    return R"({"event_id":")" + id + R"(","event_type":"WPStatusChanged","event_version":1,"lamport_clock":50,)"
           R"("entity_id":"WP)" + kRlo + R"(9","entity_type":"WorkPackage","timestamp":"2026-01-27T12:00:01.000Z",)"
           R"("actor":"a","causation_id":null,"correlation_id":null,"payload":{"feature_slug":"001-demo",)"
           R"("old_status":"planned","new_status":")" + to + R"("}})" "\n";
  };
  WriteFile(dir + "/O", base);
  WriteFile(dir + "/A", base + line("01KFZN6BG0ZZZZZZZZZZZZZ001", "doing"));
  WriteFile(dir + "/B", base + line("01KFZN6BG0ZZZZZZZZZZZZZ002", "doing"));
  ProcessResult merged = testing::Run({KITTYLOG_MERGE_BINARY, dir + "/O", dir + "/A", dir + "/B", "7", "x.jsonl"});
  EXPECT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_TRUE(Contains(merged.err, "WP\\u{202e}9"));
  EXPECT_EQ(RawInvisible(merged.err), "");
}

TEST_F(TextTest, AByteOrderMarkDoesNotHideTheFirstEvent) {
  std::string repo = NewRepo("repo");
  KlOk(repo, {"init"});
  KlOk(repo, {"spec", "create", "002-bom", "--title", "Saved by an editor"});
  KlOk(repo, {"wp", "create", "WP01", "--feature", "002-bom", "--title", "First"});
  WriteFile(File(repo), "\xef\xbb\xbf" + ReadFile(File(repo)));
  ProcessResult status = KlOk(repo, {"status"});
  EXPECT_TRUE(Contains(status.out, "002-bom  Saved by an editor")) << status.out;
  EXPECT_TRUE(Contains(status.out, "WP01 First"));
  ProcessResult verify = Kl(repo, {"verify"});
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_TRUE(Contains(verify.err, std::string(kDailyFile) + ":1: UTF-8 byte order mark before the event"));
  KlOk(repo, {"repair"});
  EXPECT_EQ(Kl(repo, {"verify"}).exit_code, 0);
  EXPECT_TRUE(Contains(KlOk(repo, {"status"}).out, "002-bom  Saved by an editor"));
}

TEST_F(TextTest, VerifyNamesEventsWithoutTypeOrEntityAndConflictMarkers) {
  std::string repo = NewKittylogRepo("repo");
  std::string good = ReadFile(File(repo));
  size_t lines = SplitLines(good).size();
  WriteFile(File(repo), good + R"({"event_id":"01KFZN6BG0ZZZZZZZZZZZZZ017","lamport_clock":90})" "\n" +
                            "<<<<<<< HEAD\n=======\n>>>>>>> theirs\n");
  ProcessResult verify = Kl(repo, {"verify"});
  EXPECT_EQ(verify.exit_code, 1);
  const std::string at = std::string(kDailyFile) + ":";
  EXPECT_TRUE(Contains(verify.err, at + std::to_string(lines + 1) + ": event_type is missing or empty"));
  EXPECT_TRUE(Contains(verify.err, at + std::to_string(lines + 1) + ": entity_id is missing or empty"));
  EXPECT_TRUE(Contains(verify.err, at + std::to_string(lines + 2) + ": conflict marker: run `kittylog repair`"));
  EXPECT_TRUE(Contains(verify.err, at + std::to_string(lines + 4) + ": conflict marker: run `kittylog repair`"));
  EXPECT_FALSE(Contains(verify.err, "not valid JSON"));
}

TEST_F(TextTest, CjkTitlesKeepTheBoardColumnsAligned) {
  std::string repo = NewKittylogRepo("repo");
  KlOk(repo, {"wp", "create", "WP03", "--feature", kFeature, "--title", "登录页面设计与实现"});
  KlOk(repo, {"wp", "create", "WP04", "--feature", kFeature, "--title", "결제 양식"});
  MoveWp(repo, "WP01", "doing");
  MoveWp(repo, "WP02", "doing");
  ProcessResult status = KlOk(repo, {"status"});
  // Where the Doing column starts, in columns: on the heading, and on the two card rows whose
  // Planned cards (WP03, WP04) have CJK and Hangul titles.
  std::vector<size_t> starts;
  for (const std::string& line : SplitLines(status.out)) {
    size_t at = line.find("Doing (");
    if (at == std::string::npos) at = line.find(" WP01 ");
    if (at == std::string::npos) at = line.find(" WP02 ");
    if (at == std::string::npos) continue;
    if (line[at] == ' ') at = line.find_first_not_of(' ', at);
    starts.push_back(DisplayWidth(line.substr(0, at)));
  }
  ASSERT_EQ(starts.size(), 3u) << status.out;
  for (size_t start : starts) EXPECT_EQ(start, starts.front()) << status.out;
  EXPECT_EQ(DisplayWidth("登录"), 4u);
  EXPECT_EQ(DisplayWidth("e\xcc\x81"), 1u);  // e + combining acute
}

}  // namespace
}  // namespace kittylog::gittest
