// Unit tests of the docs test's reading, comparing and rewriting of transcripts (transcript.h):
// no process runs here, so a failure points at the comparison, not at the tool.
#include "tests/docs/transcript.h"

#include <gtest/gtest.h>

namespace kittylog::doctest {
namespace {

constexpr std::string_view kPage =
    "# A page\n"
    "\n"
    "<!-- doctest: walk\n"
    "git init -q -b main app && cd app\n"
    "-->\n"
    "<!-- doctest: walk -->\n"
    "```sh\n"
    "kittylog init \\\n"
    "  --quiet\n"
    "export KITTYLOG_ACTOR=alice   # a comment\n"
    "```\n"
    "\n"
    "<!-- doctest: walk -->\n"
    "```console\n"
    "$ kittylog spec create 001-login --title \"Login\"\n"
    "001-login: created \"Login\" (clock 1)\n"
    "\n"
    "$ git add -A && git commit -qm one\n"
    "$ kittylog emit TagsAdded --entity WP01 --entity-type WorkPackage \\\n"
    "> --payload '{\"tags\":[\"a\"]}'\n"
    "01KAB3C4D5E6F7G8H9J0K1M2N3 clock 2 WP01\n"
    "$ kittylog history 001-login\n"
    "clock 1: created \"Login\"  by alice  2026-11-24 20:00\n"
    "clock 2: 01KAB3C4D5E6F7G8H9J0K1M2N3 tags +a  2026-11-24T20:00:01.123Z\n"
    "```\n"
    "\n"
    "<!-- doctest: skip shows a made-up merge -->\n"
    "```console\n"
    "$ git merge other\n"
    "Merge made by the 'ort' strategy.\n"
    "```\n";

Scenario Walk() {
  ParsedPage parsed = ParsePage("docs/page.md", kPage);
  EXPECT_TRUE(parsed.problems.empty()) << parsed.problems.front();
  EXPECT_EQ(parsed.scenarios.size(), 1u);
  return parsed.scenarios.at(0);
}

// What the tool printed for each step of Walk(), matching the page (other ids, times, paths).
std::vector<std::string> TrueOutputs() {
  return {"", "", "", "001-login: created \"Login\" (clock 1)\n", "",
          "01KZZZZZZZZZZZZZZZZZZZZZZZ clock 2 WP01\n",
          "clock 1: created \"Login\"  by alice  2027-01-02 03:04\n"
          "clock 2: 01KZZZZZZZZZZZZZZZZZZZZZZZ tags +a  2027-01-02T03:04:05.678Z\n"};
}

TEST(ParsePage, FindsSetupShellAndConsoleStepsInPageOrder) {
  Scenario walk = Walk();
  ASSERT_EQ(walk.steps.size(), 7u);
  EXPECT_EQ(walk.steps[0].command, "git init -q -b main app && cd app");
  EXPECT_FALSE(walk.steps[0].compare);
  EXPECT_EQ(walk.steps[1].command, "kittylog init \\\n  --quiet");
  EXPECT_EQ(walk.steps[2].command, "export KITTYLOG_ACTOR=alice   # a comment");
  EXPECT_TRUE(walk.steps[3].compare);
  EXPECT_EQ(walk.steps[3].expected, "001-login: created \"Login\" (clock 1)\n\n");
  EXPECT_EQ(walk.steps[3].page_line, 15u);
  EXPECT_EQ(walk.steps[4].expected, "");
  EXPECT_EQ(walk.steps[5].command,
            "kittylog emit TagsAdded --entity WP01 --entity-type WorkPackage \\\n--payload '{\"tags\":[\"a\"]}'");
  EXPECT_EQ(walk.steps[5].expected, "01KAB3C4D5E6F7G8H9J0K1M2N3 clock 2 WP01\n");
  EXPECT_EQ(walk.compared_steps(), 4u);
}

TEST(ParsePage, ReportsUnmarkedAndMalformedTranscripts) {
  ParsedPage parsed = ParsePage("p.md",
                                "```console\n$ kittylog status\n```\n"                    // unmarked
                                "<!-- doctest: skip -->\n```console\n$ x\n```\n"          // skip without reason
                                "<!-- doctest: a colours -->\n```console\n$ x\n```\n"     // unknown option
                                "<!-- doctest: b -->\ntext\n"                             // no block follows
                                "<!-- doctest: c -->\n```console\noutput first\n$ x\n```\n"
                                "<!-- doctest: d -->\n```json\n{}\n```\n"
                                "```console\nno command, just output\n```\n"          // fine: not a transcript
                                "```\nswallowed\n``` text\n```\n"                         // a broken close
                                "```sh\nnever closed\n");
  ASSERT_EQ(parsed.problems.size(), 9u);
  EXPECT_EQ(parsed.problems[0], "p.md:1: console transcript without a doctest marker (<!-- doctest: NAME --> or "
                                "<!-- doctest: skip REASON -->)");
  EXPECT_EQ(parsed.problems[1], "p.md:4: `doctest: skip` needs a reason");
  EXPECT_EQ(parsed.problems[2], "p.md:8: unknown doctest option `colours` (known: clocks)");
  EXPECT_EQ(parsed.problems[3], "p.md:12: doctest marker not followed by a fenced block");
  EXPECT_EQ(parsed.problems[4], "p.md:15: output before the first `$ ` command");
  EXPECT_EQ(parsed.problems[5], "p.md:20: a doctest block must be ```console or ```sh, not ```json");
  EXPECT_EQ(parsed.problems[6], "p.md:28: a fence with text after it inside a fenced block");
  EXPECT_EQ(parsed.problems[7], "p.md:30: fenced block never closed");
  EXPECT_EQ(parsed.problems[8], "p.md: scenario `c` compares no output (no console block)");
}

TEST(Canonicaliser, NumbersIdsByFirstAppearanceAndHidesTimes) {
  Canonicaliser canonical(false);
  EXPECT_EQ(canonical("a 01KAB3C4D5E6F7G8H9J0K1M2N3, b 01KAB3C4D5E6F7G8H9J0K1M2N4, a 01KAB3C4D5E6F7G8H9J0K1M2N3 \n\n"),
            "a <id 1>, b <id 2>, a <id 1>\n");
  EXPECT_EQ(canonical("again 01KAB3C4D5E6F7G8H9J0K1M2N4\n"), "again <id 2>\n");  // across calls
  EXPECT_EQ(canonical("merge d14dad787b80 (parents 756a0499a59b, d14dad787b80)\n"),
            "merge <hash 1> (parents <hash 2>, <hash 1>)\n");
  EXPECT_EQ(canonical("2026-01-27T10:30:00.123Z 2026-01-27 10:30 index.db.corrupt-20260127T103000Z "
                      "2026-01-27-2026-01-27T103000.123Z.jsonl .kittify/events/2026-01-27.jsonl\n"),
            "<time> <time> index.db.corrupt-<time> <date>-<time>.jsonl .kittify/events/<date>.jsonl\n");
  EXPECT_EQ(canonical("held by pid 4242 in /tmp/kittylog-demo-a1B2c3\n"), "held by pid <n> in /tmp/kittylog-demo-XXXXXX\n");
  EXPECT_EQ(canonical("clock 12\n"), "clock 12\n");
  Canonicaliser clocks(true);
  EXPECT_EQ(clocks("clock 12, clocks 3..9, \"lamport_clock\":7\n"), "clock <n>, clocks <n>..<n>, \"lamport_clock\":<n>\n");
}

TEST(Compare, TheTrueOutputMatchesAndAMutatedPageFails) {
  Scenario walk = Walk();
  EXPECT_TRUE(Compare(walk, TrueOutputs()).empty());

  Scenario mutated = walk;  // a deliberately changed transcript: one word of one output
  mutated.steps[3].expected = "001-login: created \"Login\" (clock 2)\n";
  std::vector<Mismatch> mismatches = Compare(mutated, TrueOutputs());
  ASSERT_EQ(mismatches.size(), 1u);
  EXPECT_EQ(mismatches[0].step, 3u);
  EXPECT_NE(mismatches[0].Describe(mutated).find("docs/page.md:15: $ kittylog spec create"), std::string::npos);

  std::vector<std::string> extra_line = TrueOutputs();  // the tool prints a line the page leaves out
  extra_line[4] = "[main 1234abc] one\n";
  ASSERT_EQ(Compare(walk, extra_line).size(), 1u);
}

TEST(Compare, AnIdMustBeTheSameEventEverywhere) {
  Scenario walk = Walk();
  std::vector<std::string> outputs = TrueOutputs();
  // The history names another event than the emit printed: a real drift, not a new id.
  outputs[6] = "clock 1: created \"Login\"  by alice  2027-01-02 03:04\n"
               "clock 2: 01KYYYYYYYYYYYYYYYYYYYYYYY tags +a  2027-01-02T03:04:05.678Z\n";
  ASSERT_EQ(Compare(walk, outputs).size(), 1u);
}

TEST(RewritePage, ReplacesOnlyTheOutputsThatDiffer) {
  std::vector<std::string> outputs = TrueOutputs();
  outputs[3] = "001-login: created \"Login\" (clock 1)   \nand a new line\n";
  outputs[4] = "[main 1234abc] one\n";
  size_t replaced = 0;
  std::string rewritten = RewritePage("docs/page.md", kPage, "walk", outputs, &replaced);
  EXPECT_EQ(replaced, 2u);
  std::string expected(kPage);
  expected.replace(expected.find("(clock 1)\n\n$ git add"), 11, "(clock 1)\nand a new line\n\n");
  expected.replace(expected.find("commit -qm one\n") + 15, 0, "[main 1234abc] one\n");
  EXPECT_EQ(rewritten, expected);
  // The rewritten page now matches, and rewriting again changes nothing.
  ParsedPage parsed = ParsePage("docs/page.md", rewritten);
  ASSERT_EQ(parsed.scenarios.size(), 1u);
  EXPECT_TRUE(Compare(parsed.scenarios[0], outputs).empty());
  EXPECT_EQ(RewritePage("docs/page.md", rewritten, "walk", outputs, &replaced), rewritten);
  EXPECT_EQ(replaced, 0u);
}

TEST(PathMap, LongestFirst) {
  PathMap paths;
  paths.Add("/tmp/x", "~");
  paths.Add("/tmp/x/build/src/cli", "/usr/local/bin");
  EXPECT_EQ(paths.Apply("/tmp/x/build/src/cli/kittylog in /tmp/x/app"), "/usr/local/bin/kittylog in ~/app");
}

}  // namespace
}  // namespace kittylog::doctest
