// One test per rule of DESIGN §8 for MergeEventLogs (merge/merge.h).
#include "merge/merge.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "tests/support/merge_test_support.h"

namespace kittylog::merge {
namespace {

using testing::Ev;
using testing::EventLine;
using testing::IdFor;
using testing::LineSpec;
using testing::Lines;
using testing::Log;
using Kind = ReportEntry::Kind;

MergeResult Merge(std::string_view base, std::string_view ours, std::string_view theirs, bool fast = true) {
  MergeOptions options;
  options.fast_path = fast;
  return MergeEventLogs(base, ours, theirs, options);
}

std::vector<ReportEntry> EntriesOf(const MergeResult& result, Kind kind) {
  std::vector<ReportEntry> entries;
  for (const ReportEntry& entry : result.report) {
    if (entry.kind == kind) entries.push_back(entry);
  }
  return entries;
}

TEST(MergeTest, ThreeEmptyInputsGiveEmptyOutput) {
  MergeResult result = Merge("", "", "");
  EXPECT_EQ(result.output, "");
  EXPECT_FALSE(result.conflict());
  EXPECT_TRUE(result.report.empty());
}

TEST(MergeTest, UnionByEventIdInTotalOrder) {
  std::string base = Log({Ev(1, 1), Ev(2, 2)});
  std::string ours = Log({Ev(1, 1), Ev(2, 2), Ev(3, 3), Ev(5, 5)});
  std::string theirs = Log({Ev(1, 1), Ev(2, 2), Ev(4, 3), Ev(6, 4)});
  MergeResult result = Merge(base, ours, theirs);
  EXPECT_EQ(result.output, Log({Ev(1, 1), Ev(2, 2), Ev(3, 3), Ev(4, 3), Ev(6, 4), Ev(5, 5)}));
  EXPECT_FALSE(result.conflict());
  EXPECT_TRUE(result.stats.fast_path);
}

TEST(MergeTest, EqualClocksOrderByEventIdBytes) {
  MergeResult result = Merge("", Log({Ev(9, 7)}), Log({Ev(8, 7)}));
  EXPECT_EQ(result.output, Log({Ev(8, 7), Ev(9, 7)}));
}

// DESIGN §2: a lamport_clock absent or outside 1..2^53-1 makes a line that is not an event:
// kept once after the events (in byte order) and reported, never ordered among them.
TEST(MergeTest, LinesWithoutAClockInRangeAreNotEvents) {
  std::string no_clock = R"({"event_id":")" + IdFor(50) + R"(","event_type":"X"})";
  std::string negative = R"({"event_id":")" + IdFor(51) + R"(","lamport_clock":-5})";
  std::string fraction = R"({"event_id":")" + IdFor(52) + R"(","lamport_clock":1.5})";
  std::string huge = R"({"event_id":")" + IdFor(53) + R"(","lamport_clock":9223372036854775807})";
  std::string text = R"({"event_id":")" + IdFor(54) + R"(","lamport_clock":"7"})";
  std::string past = R"({"event_id":")" + IdFor(55) + R"(","lamport_clock":9007199254740992})";
  std::string last = R"({"event_id":")" + IdFor(56) + R"(","lamport_clock":9007199254740991})";
  for (bool fast : {true, false}) {
    MergeResult result = Merge("", Log({Ev(1, 1), no_clock, negative, past}), Log({huge, fraction, text, last}), fast);
    std::vector<std::string> non_events = {no_clock, negative, fraction, huge, text, past};
    std::sort(non_events.begin(), non_events.end());
    std::vector<std::string> expected = {Ev(1, 1), last};
    expected.insert(expected.end(), non_events.begin(), non_events.end());
    EXPECT_EQ(result.output, Log(expected));
    std::vector<ReportEntry> reported = EntriesOf(result, Kind::kNotAnEvent);
    ASSERT_EQ(reported.size(), 6u);
    size_t range = 0, missing = 0;
    for (const ReportEntry& entry : reported) {
      range += entry.message.find("lamport_clock must be an integer in 1..2^53-1") != std::string::npos;
      missing += entry.message.find("lamport_clock is missing") != std::string::npos;
    }
    EXPECT_EQ(range, 5u);
    EXPECT_EQ(missing, 1u);
    EXPECT_FALSE(result.conflict());
  }
}

TEST(MergeTest, KeptLinesAreByteIdentical) {
  // Unusual spacing, key order and escapes must survive: nothing is re-serialised.
  std::string odd = R"({ "lamport_clock" : 3 , "event_id":"01ODDLINE0000000000000000X", "payload":{"t":"\u00e9\n"} })";
  MergeResult result = Merge("", Log({odd}), Log({Ev(1, 1)}));
  EXPECT_EQ(result.output, Log({Ev(1, 1), odd}));
}

TEST(MergeTest, CrlfIsReadAsLf) {
  std::string ours = Ev(1, 1) + "\r\n" + Ev(2, 2) + "\r\n";
  MergeResult result = Merge("", ours, Log({Ev(1, 1)}));
  EXPECT_EQ(result.output, Log({Ev(1, 1), Ev(2, 2)}));
  EXPECT_FALSE(result.conflict());  // "line\r" and "line" are the same line
}

TEST(MergeTest, MissingFinalNewlineIsAdded) {
  MergeResult result = Merge(Ev(1, 1), Ev(1, 1) + "\n" + Ev(2, 2), Ev(1, 1));
  EXPECT_EQ(result.output, Log({Ev(1, 1), Ev(2, 2)}));
}

TEST(MergeTest, BlankLinesAreDropped) {
  MergeResult result = Merge("", "\n" + Ev(1, 1) + "\n  \t\n\r\n", "\n\n");
  EXPECT_EQ(result.output, Log({Ev(1, 1)}));
  EXPECT_TRUE(result.report.empty());
}

TEST(MergeTest, NonEventLinesKeptOnceAfterEventsInByteOrder) {
  std::string ours = Log({"<<<<<<< HEAD", Ev(2, 2), "not json", "=======", R"({"no_id":1})"});
  std::string theirs = Log({Ev(1, 1), "not json", ">>>>>>> theirs", "[1,2]"});
  MergeResult result = Merge("", ours, theirs);
  EXPECT_EQ(result.output, Log({Ev(1, 1), Ev(2, 2), "<<<<<<< HEAD", "=======", ">>>>>>> theirs", "[1,2]",
                                "not json", R"({"no_id":1})"}));
  std::vector<ReportEntry> entries = EntriesOf(result, Kind::kNotAnEvent);
  ASSERT_EQ(entries.size(), 6u);  // "not json" once, naming its first place and the other
  auto not_json = std::find_if(entries.begin(), entries.end(),
                               [](const ReportEntry& e) { return e.message.find("not json") != std::string::npos; });
  ASSERT_NE(not_json, entries.end());
  EXPECT_EQ(not_json->side, Side::kOurs);
  EXPECT_EQ(not_json->line, 3u);
  EXPECT_NE(not_json->message.find("also at theirs:2"), std::string::npos) << not_json->message;
  auto no_id = std::find_if(entries.begin(), entries.end(),
                            [](const ReportEntry& e) { return e.message.find("no string event_id") != std::string::npos; });
  ASSERT_NE(no_id, entries.end());
  EXPECT_EQ(no_id->Format().substr(0, 7), "ours:5:");
  EXPECT_FALSE(result.conflict());
}

TEST(MergeTest, NulBytesAndInvalidUtf8AreKeptAsNonEvents) {
  std::string nul = R"({"event_id":")" + IdFor(7) + "\",\"x\":\"a";
  nul.push_back('\0');
  nul += "b\"}";
  std::string bad_utf8 = R"({"event_id":")" + IdFor(8) + "\",\"x\":\"\xff\xfe\"}";
  MergeResult result = Merge("", Log({nul}), Log({bad_utf8, Ev(1, 1)}));
  EXPECT_EQ(result.output, Log({Ev(1, 1), nul, bad_utf8}));
  std::vector<ReportEntry> entries = EntriesOf(result, Kind::kNotAnEvent);
  ASSERT_EQ(entries.size(), 2u);
  std::string all = entries[0].Format() + "\n" + entries[1].Format();
  EXPECT_NE(all.find("ours:1: not an event (contains a NUL byte)"), std::string::npos) << all;
  EXPECT_NE(all.find("theirs:1: not an event (not valid UTF-8)"), std::string::npos) << all;
}

TEST(MergeTest, SameIdChangedOnOneSideTakesThatSide) {
  std::string original = Ev(1, 1, "doing");
  std::string changed = Ev(1, 1, "for_review");
  for (bool swap : {false, true}) {
    MergeResult result = swap ? Merge(Log({original}), Log({original}), Log({changed}))
                              : Merge(Log({original}), Log({changed}), Log({original}));
    EXPECT_EQ(result.output, Log({changed}));
    EXPECT_FALSE(result.conflict());
    EXPECT_EQ(EntriesOf(result, Kind::kChangedOnOneSide).size(), 1u);
  }
}

TEST(MergeTest, SameIdChangedOnBothSidesIsAConflictWithADeterministicPick) {
  std::string original = Ev(1, 1, "doing");
  std::string a = Ev(1, 1, "for_review");
  std::string b = Ev(1, 1, "done");
  MergeResult one = Merge(Log({original}), Log({a}), Log({b}));
  MergeResult two = Merge(Log({original}), Log({b}), Log({a}));
  EXPECT_TRUE(one.conflict());
  EXPECT_EQ(one.output, two.output);
  EXPECT_EQ(one.output, Log({std::min(a, b)}));  // equal clocks: the bytewise smaller line
  std::vector<ReportEntry> conflicts = EntriesOf(one, Kind::kConflictingEvent);
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].event_id, IdFor(1));

  std::string later = Ev(1, 5, "for_review");  // a higher clock wins over bytes
  EXPECT_EQ(Merge(Log({original}), Log({later}), Log({b})).output, Log({later}));
}

TEST(MergeTest, AddAddWithDifferentBytesIsAConflict) {
  MergeResult result = Merge("", Log({Ev(1, 1, "doing")}), Log({Ev(1, 1, "done")}));
  EXPECT_TRUE(result.conflict());
  EXPECT_EQ(Lines(result.output).size(), 1u);
}

TEST(MergeTest, BaseEventMissingOnASideIsKeptWithAWarning) {
  std::string base = Log({Ev(1, 1), Ev(2, 2)});
  MergeResult result = Merge(base, Log({Ev(2, 2)}), base);
  EXPECT_EQ(result.output, base);
  std::vector<ReportEntry> missing = EntriesOf(result, Kind::kMissingOnSide);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].event_id, IdFor(1));
  EXPECT_NE(missing[0].message.find("missing on ours"), std::string::npos);
  EXPECT_FALSE(result.conflict());
  EXPECT_EQ(Merge(base, "", "").output, base);  // missing on both: still kept
}

TEST(MergeTest, DuplicateWithinOneInputIsKeptOnce) {
  MergeResult result = Merge("", Log({Ev(1, 1), Ev(2, 2), Ev(1, 1)}), "");
  EXPECT_EQ(result.output, Log({Ev(1, 1), Ev(2, 2)}));
  EXPECT_EQ(EntriesOf(result, Kind::kDuplicate).size(), 1u);
}

TEST(MergeTest, SameBytesWhicheverSideIsOurs) {
  std::string base = Log({Ev(1, 1), Ev(2, 2)});
  std::string ours = Log({Ev(1, 1), "junk", Ev(2, 2), Ev(4, 3)});
  std::string theirs = Log({Ev(2, 2), Ev(3, 3), Ev(1, 1, "done")});
  EXPECT_EQ(Merge(base, ours, theirs).output, Merge(base, theirs, ours).output);
}

TEST(MergeTest, ConcurrentStatusChangesAreReportedWithTheRollbackWinner) {
  LineSpec approve{IdFor(10), 8, "WP01", "WPStatusChanged", "for_review", "done"};
  LineSpec rollback{IdFor(11), 7, "WP01", "WPStatusChanged", "for_review", "doing"};
  LineSpec other{IdFor(12), 9, "WP02", "WPStatusChanged", "planned", "doing"};
  std::string base = Log({Ev(1, 1)});
  MergeResult result = Merge(base, base + Log({EventLine(approve), EventLine(other)}), base + Log({EventLine(rollback)}));
  std::vector<ReportEntry> concurrent = EntriesOf(result, Kind::kConcurrentChange);
  ASSERT_EQ(concurrent.size(), 1u);  // WP02 changed on one side only
  EXPECT_EQ(concurrent[0].entity, "WorkPackage 025-cli-event-log/WP01");
  EXPECT_NE(concurrent[0].message.find("status -> doing wins by rollback-precedence (theirs " + IdFor(11)),
            std::string::npos)
      << concurrent[0].message;
  EXPECT_FALSE(result.conflict());
}

TEST(MergeTest, ConcurrentStatusChangesWithoutRollbackUseLastWriteWins) {
  LineSpec a{IdFor(10), 8, "WP01", "WPStatusChanged", "doing", "for_review"};
  LineSpec b{IdFor(11), 9, "WP01", "WPStatusChanged", "doing", "planned"};
  MergeResult result = Merge("", Log({EventLine(a)}), Log({EventLine(b)}));
  std::vector<ReportEntry> concurrent = EntriesOf(result, Kind::kConcurrentChange);
  ASSERT_EQ(concurrent.size(), 1u);
  EXPECT_NE(concurrent[0].message.find("status -> planned wins by last-write-wins (theirs"), std::string::npos)
      << concurrent[0].message;
}

// The winner is the board's (DESIGN §6 (c)): theirs rejected, reworked, resubmitted and was
// rolled back again; ours approved the first submission at a later clock. The approval is
// concurrent with what theirs did since the WP was last in for_review: the second rollback.
TEST(MergeTest, ConcurrentStatusWinnerIsTheLastRollbackTheApprovalDidNotSee) {
  LineSpec start{IdFor(18), 1, "WP01", "WPStatusChanged", "planned", "doing"};
  LineSpec submit{IdFor(19), 2, "WP01", "WPStatusChanged", "doing", "for_review"};
  LineSpec r1{IdFor(20), 5, "WP01", "WPStatusChanged", "for_review", "rejected"};
  LineSpec rework{IdFor(23), 6, "WP01", "WPStatusChanged", "rejected", "doing"};
  LineSpec resubmit{IdFor(24), 7, "WP01", "WPStatusChanged", "doing", "for_review"};
  LineSpec r2{IdFor(22), 8, "WP01", "WPStatusChanged", "for_review", "doing"};
  LineSpec approve{IdFor(21), 9, "WP01", "WPStatusChanged", "for_review", "done"};
  std::string base = Log({EventLine(start), EventLine(submit)});
  MergeResult result =
      Merge(base, base + Log({EventLine(approve)}),
            base + Log({EventLine(r1), EventLine(rework), EventLine(resubmit), EventLine(r2)}));
  std::vector<ReportEntry> concurrent = EntriesOf(result, Kind::kConcurrentChange);
  ASSERT_EQ(concurrent.size(), 1u);
  EXPECT_NE(concurrent[0].message.find("status -> doing wins by rollback-precedence (theirs " + IdFor(22) + ", clock 8)"),
            std::string::npos)
      << concurrent[0].message;
}

TEST(MergeTest, EventAddedOnBothSidesIsNotConcurrent) {
  std::string picked = Ev(5, 5);
  MergeResult result = Merge("", Log({picked}), Log({picked}));
  EXPECT_TRUE(EntriesOf(result, Kind::kConcurrentChange).empty());
}

TEST(MergeTest, FastPathDoesNotParseTheSharedPrefix) {
  std::vector<std::string> history;
  for (int i = 1; i <= 100; ++i) history.push_back(Ev(static_cast<uint64_t>(i), i));
  std::string base = Log(history);
  MergeResult result = Merge(base, base + Log({Ev(1001, 101)}), base + Log({Ev(1002, 101)}));
  EXPECT_TRUE(result.stats.fast_path);
  EXPECT_EQ(result.stats.prefix_lines, 100u);
  EXPECT_EQ(result.stats.parsed_lines, 2u);
  EXPECT_EQ(result.output, base + Log({Ev(1001, 101), Ev(1002, 101)}));
}

TEST(MergeTest, FastPathMergesAnAddedEventThatOrdersInsideThePrefix) {
  std::vector<std::string> history;
  for (int i = 1; i <= 10; ++i) history.push_back(Ev(static_cast<uint64_t>(i), i * 10));
  std::string base = Log(history);
  // Theirs adds an event with clock 55: it goes between the prefix's events of clock 50 and 60.
  MergeResult result = Merge(base, base + Log({Ev(100, 101)}), base + Log({Ev(200, 55)}));
  std::vector<std::string> expected(history.begin(), history.begin() + 5);
  expected.push_back(Ev(200, 55));
  expected.insert(expected.end(), history.begin() + 5, history.end());
  expected.push_back(Ev(100, 101));
  EXPECT_EQ(result.output, Log(expected));
  EXPECT_TRUE(result.stats.fast_path);
  EXPECT_EQ(result.stats.prefix_lines, 5u);
  EXPECT_EQ(result.output, Merge(base, base + Log({Ev(100, 101)}), base + Log({Ev(200, 55)}), false).output);
}

TEST(MergeTest, PrefixThatIsNotCanonicalGoesThroughTheFullParse) {
  struct Case {
    const char* name;
    std::string prefix;
  };
  std::vector<Case> cases = {
      {"unsorted", Log({Ev(2, 2), Ev(1, 1)})},
      {"duplicate line", Log({Ev(1, 1), Ev(1, 1)})},
      {"same id, two clocks", Log({Ev(1, 1), Ev(2, 2), Ev(1, 3)})},
      {"crlf", Ev(1, 1) + "\r\n" + Ev(2, 2) + "\r\n"},
      {"blank line", Log({Ev(1, 1), "", Ev(2, 2)})},
      {"junk line", Log({Ev(1, 1), "=======", Ev(2, 2)})},
      {"no clock", Log({R"({"event_id":")" + IdFor(1) + R"(","x":1})"})},
  };
  for (const Case& c : cases) {
    MergeResult fast = Merge(c.prefix, c.prefix + Log({Ev(10, 10)}), c.prefix + Log({Ev(11, 10)}));
    MergeResult full = Merge(c.prefix, c.prefix + Log({Ev(10, 10)}), c.prefix + Log({Ev(11, 10)}), false);
    EXPECT_FALSE(fast.stats.fast_path) << c.name;
    EXPECT_EQ(fast.output, full.output) << c.name;
    std::vector<std::string> lines = Lines(fast.output);
    EXPECT_EQ(std::count(lines.begin(), lines.end(), Ev(10, 10)), 1) << c.name;
  }
}

TEST(MergeTest, AddedEventRepeatingAPrefixIdFallsBackToTheFullParse) {
  std::string base = Log({Ev(1, 1), Ev(2, 2)});
  MergeResult result = Merge(base, base + Log({Ev(1, 9)}), base + Log({Ev(3, 3)}));
  EXPECT_FALSE(result.stats.fast_path);
  EXPECT_TRUE(result.conflict());  // ours holds event 1 twice with different bytes
  EXPECT_EQ(Lines(result.output).size(), 3u);
}

TEST(MergeTest, StreamingAndStringResultsAreTheSame) {
  std::string base = Log({Ev(1, 1)});
  std::string ours = base + Log({Ev(2, 3), "junk"});
  std::string theirs = base + Log({Ev(3, 2)});
  std::string streamed;
  MergeResult result = MergeEventLogsTo(base, ours, theirs, {}, [&](std::string_view bytes) { streamed.append(bytes); });
  EXPECT_TRUE(result.output.empty());
  EXPECT_EQ(streamed, MergeEventLogs(base, ours, theirs).output);
}

TEST(MergeTest, ReleaseIsCalledOnlyForTheComparedPrefix) {
  std::string base = Log({Ev(1, 1), Ev(2, 2)});
  size_t released = 0;
  MergeOptions options;
  options.release = [&](size_t offset, size_t length) {
    EXPECT_EQ(offset, released);
    released += length;
  };
  (void)MergeEventLogs(base, base + Log({Ev(3, 3)}), base + Log({Ev(4, 3)}), options);
  EXPECT_EQ(released, base.size());
}

TEST(MergeTest, TenMegabyteLinesAreKept) {
  std::string big_event = R"({"event_id":")" + IdFor(77) + R"(","lamport_clock":3,"payload":{"blob":")" +
                          std::string(10 << 20, 'x') + "\"}}";
  std::string big_junk(10 << 20, '{');
  MergeResult result = Merge("", Log({Ev(1, 1), big_event}), Log({big_junk}));
  EXPECT_EQ(result.output, Log({Ev(1, 1), big_event, big_junk}));
}

}  // namespace
}  // namespace kittylog::merge
