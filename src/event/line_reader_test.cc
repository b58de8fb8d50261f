#include "event/line_reader.h"

#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "platform/file_io.h"
#include "tests/support/test_support.h"

namespace kittylog {
namespace {

std::string GoodLine(std::string_view id_suffix, int clock) {
  return "{\"event_id\":\"01HQ3K5M7N8P9QRSTVWXYZ012" + std::string(id_suffix) +
         "\",\"event_type\":\"TagsAdded\",\"event_version\":1,\"lamport_clock\":" + std::to_string(clock) +
         ",\"entity_id\":\"WP01\",\"entity_type\":\"WorkPackage\",\"timestamp\":\"2026-01-27T10:30:00.123Z\","
         "\"actor\":\"a\",\"causation_id\":null,\"correlation_id\":null,\"payload\":{\"tags\":[\"t\"]}}";
}

// Runs ReadEventLines over `data` copied into a padded buffer.
LogContents Read(std::string_view data, EventDecoder::Options options = {}) {
  std::string buffer(data);
  buffer.append(simdjson::SIMDJSON_PADDING, '\0');
  EventDecoder decoder;
  LogContents contents;
  contents.torn_tail = ReadEventLines(
      std::string_view(buffer.data(), data.size()), decoder, options,
      [&](Event&& event, size_t line_number) {
        contents.events.push_back(std::move(event));
        contents.line_numbers.push_back(line_number);
      },
      [&](LineProblem&& problem) { contents.problems.push_back(std::move(problem)); });
  return contents;
}

std::string Nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(LineReaderTest, EmptyInput) {
  LogContents contents = Read("");
  EXPECT_TRUE(contents.events.empty());
  EXPECT_TRUE(contents.problems.empty());
  EXPECT_FALSE(contents.torn_tail);
}

TEST(LineReaderTest, GoodLinesInFileOrder) {
  LogContents contents = Read(GoodLine("1", 2) + "\n" + GoodLine("2", 1) + "\n");
  ASSERT_EQ(contents.events.size(), 2u);
  EXPECT_EQ(contents.events[0].lamport_clock, 2);
  EXPECT_EQ(contents.events[1].lamport_clock, 1);
  EXPECT_EQ(contents.events[0].raw_line, GoodLine("1", 2));
  EXPECT_EQ(contents.line_numbers, (std::vector<size_t>{1, 2}));
  EXPECT_TRUE(contents.problems.empty());
  EXPECT_FALSE(contents.torn_tail);
}

TEST(LineReaderTest, BadLineBetweenGoodOnesHidesNeither) {
  const std::vector<std::string> bad_lines = {
      R"({"event_id":"01HQ3K5M7N8P9QRSTVWXYZ0123","lamport_clock":)",  // truncated
      R"({"event_id":"01HQ)",                                         // unclosed string
      "[1,2,3]",                                                      // not an object
      R"({"event_type":"TagsAdded"})",                                // no event_id
      "<<<<<<< ours",                                                 // conflict marker
      "}{",
      "\"",
      "{",
  };
  for (const std::string& bad : bad_lines) {
    SCOPED_TRACE(bad);
    LogContents contents = Read(GoodLine("1", 1) + "\n" + bad + "\n" + GoodLine("2", 2) + "\n");
    ASSERT_EQ(contents.events.size(), 2u);
    EXPECT_EQ(contents.line_numbers, (std::vector<size_t>{1, 3}));
    EXPECT_EQ(contents.events[0].raw_line, GoodLine("1", 1));
    EXPECT_EQ(contents.events[1].raw_line, GoodLine("2", 2));
    ASSERT_EQ(contents.problems.size(), 1u);
    EXPECT_EQ(contents.problems[0].line_number, 2u);
    EXPECT_EQ(contents.problems[0].raw_line, bad);
    EXPECT_FALSE(contents.problems[0].is_event);
    EXPECT_FALSE(contents.problems[0].reason.empty());
    EXPECT_FALSE(contents.torn_tail);
  }
}

TEST(LineReaderTest, ReasonsNameTheProblem) {
  LogContents contents = Read("[1]\n{\"lamport_clock\":1}\n{\"event_id\":\n");
  ASSERT_EQ(contents.problems.size(), 3u);
  EXPECT_EQ(contents.problems[0].reason, "not a JSON object");
  EXPECT_EQ(contents.problems[1].reason, "no string event_id: not an event");
  EXPECT_TRUE(contents.problems[2].reason.starts_with("not valid JSON")) << contents.problems[2].reason;
  EXPECT_EQ(contents.problems[2].Format(".kittify/events/2026-01-27.jsonl"),
            ".kittify/events/2026-01-27.jsonl:3: " + contents.problems[2].reason);
}

TEST(LineReaderTest, ManyBadLinesLineNumbersStayRight) {
  std::string data;
  std::vector<size_t> good_lines;
  for (int i = 1; i <= 200; ++i) {
    if (i % 3 == 0) {
      data += GoodLine("1", i) + "\n";
      good_lines.push_back(static_cast<size_t>(i));
    } else {
      data += "{\"broken\n";
    }
  }
  LogContents contents = Read(data);
  EXPECT_EQ(contents.line_numbers, good_lines);
  ASSERT_EQ(contents.problems.size(), 200u - good_lines.size());
  EXPECT_EQ(contents.problems[0].line_number, 1u);
  EXPECT_EQ(contents.problems[1].line_number, 2u);
  EXPECT_EQ(contents.problems[2].line_number, 4u);
  EXPECT_EQ(contents.problems.back().line_number, 200u);
}

TEST(LineReaderTest, BlankLinesAreIgnoredButCounted) {
  LogContents contents = Read("\n   \n" + GoodLine("1", 1) + "\n\t\n\r\n \t \r\n" + GoodLine("2", 2) + "\n\n");
  ASSERT_EQ(contents.events.size(), 2u);
  EXPECT_EQ(contents.line_numbers, (std::vector<size_t>{3, 7}));
  EXPECT_TRUE(contents.problems.empty());
  EXPECT_FALSE(contents.torn_tail);
}

TEST(LineReaderTest, CrlfLinesReadAsLf) {
  LogContents contents = Read(GoodLine("1", 1) + "\r\n" + GoodLine("2", 2) + "\r\n");
  ASSERT_EQ(contents.events.size(), 2u);
  EXPECT_EQ(contents.events[0].raw_line, GoodLine("1", 1));
  EXPECT_EQ(contents.events[1].raw_line, GoodLine("2", 2));
  EXPECT_TRUE(contents.problems.empty());
}

TEST(LineReaderTest, TornTailThatStillDecodesIsDeliveredAndReported) {
  LogContents contents = Read(GoodLine("1", 1) + "\n" + GoodLine("2", 2));
  EXPECT_TRUE(contents.torn_tail);
  ASSERT_EQ(contents.events.size(), 2u);
  EXPECT_EQ(contents.line_numbers, (std::vector<size_t>{1, 2}));
  ASSERT_EQ(contents.problems.size(), 1u);
  EXPECT_EQ(contents.problems[0].line_number, 2u);
  EXPECT_TRUE(contents.problems[0].is_event);
  EXPECT_NE(contents.problems[0].reason.find("torn tail"), std::string::npos) << contents.problems[0].reason;
}

TEST(LineReaderTest, TornTailFragmentIsReportedOnly) {
  std::string fragment = GoodLine("2", 2).substr(0, 40);
  LogContents contents = Read(GoodLine("1", 1) + "\n" + fragment);
  EXPECT_TRUE(contents.torn_tail);
  ASSERT_EQ(contents.events.size(), 1u);
  ASSERT_EQ(contents.problems.size(), 1u);
  EXPECT_EQ(contents.problems[0].line_number, 2u);
  EXPECT_FALSE(contents.problems[0].is_event);
  EXPECT_EQ(contents.problems[0].raw_line, fragment);
  EXPECT_TRUE(contents.problems[0].reason.starts_with("torn tail: ")) << contents.problems[0].reason;
}

TEST(LineReaderTest, TornTailOfBlanksIsReported) {
  LogContents contents = Read(GoodLine("1", 1) + "\n  ");
  EXPECT_TRUE(contents.torn_tail);
  EXPECT_EQ(contents.events.size(), 1u);
  ASSERT_EQ(contents.problems.size(), 1u);
  EXPECT_EQ(contents.problems[0].line_number, 2u);
}

TEST(LineReaderTest, SoftProblemsKeepTheEvent) {
  std::string odd_id = R"({"event_id":"not-a-ulid","lamport_clock":2})";
  LogContents contents = Read(GoodLine("1", 1) + "\n" + odd_id + "\n");
  ASSERT_EQ(contents.events.size(), 2u);
  ASSERT_EQ(contents.problems.size(), 1u);
  EXPECT_TRUE(contents.problems[0].is_event);
  EXPECT_EQ(contents.problems[0].reason, "event_id is not a valid ULID");
}

// DESIGN §2: out of range, a clock makes a line that is not an event: reported and skipped.
TEST(LineReaderTest, LinesWithoutAClockInRangeAreNotEvents) {
  std::string bad_clock = R"({"event_id":"01HQ3K5M7N8P9QRSTVWXYZ0123","lamport_clock":-1})";
  std::string no_clock = R"({"event_id":"01HQ3K5M7N8P9QRSTVWXYZ0124"})";
  std::string too_far = R"({"event_id":"01HQ3K5M7N8P9QRSTVWXYZ0125","lamport_clock":9223372036854775807})";
  LogContents contents = Read(GoodLine("1", 1) + "\n" + bad_clock + "\n" + no_clock + "\n" + too_far + "\n");
  ASSERT_EQ(contents.events.size(), 1u);
  ASSERT_EQ(contents.problems.size(), 3u);
  EXPECT_EQ(contents.problems[0].line_number, 2u);
  EXPECT_FALSE(contents.problems[0].is_event);
  EXPECT_EQ(contents.problems[0].reason, "lamport_clock must be an integer in 1..2^53-1: not an event");
  EXPECT_EQ(contents.problems[1].reason, "lamport_clock is missing: not an event");
  EXPECT_EQ(contents.problems[2].reason, "lamport_clock must be an integer in 1..2^53-1: not an event");
}

// An editor's byte order mark before the first event: the event is read, the mark reported.
TEST(LineReaderTest, AByteOrderMarkDoesNotHideTheFirstEvent) {
  LogContents contents = Read("\xef\xbb\xbf" + GoodLine("1", 1) + "\n" + GoodLine("2", 2) + "\n");
  ASSERT_EQ(contents.events.size(), 2u);
  EXPECT_EQ(contents.events[0].raw_line, GoodLine("1", 1));
  ASSERT_EQ(contents.problems.size(), 1u);
  EXPECT_EQ(contents.problems[0].line_number, 1u);
  EXPECT_TRUE(contents.problems[0].is_event);
  EXPECT_NE(contents.problems[0].reason.find("byte order mark"), std::string::npos);
}

// Conflict markers are named as such (with what fixes them), not as bad JSON.
TEST(LineReaderTest, ConflictMarkersAreNamed) {
  LogContents contents = Read(GoodLine("1", 1) + "\n<<<<<<< HEAD\n=======\n>>>>>>> feature\n|||||||\n");
  ASSERT_EQ(contents.problems.size(), 4u);
  for (const LineProblem& problem : contents.problems) {
    EXPECT_FALSE(problem.is_event);
    EXPECT_EQ(problem.reason, "conflict marker: run `kittylog repair`");
  }
}

TEST(LineReaderTest, TenMegabyteLine) {
  std::string big(10 * 1024 * 1024, 'x');
  std::string big_event = "{\"event_id\":\"01HQ3K5M7N8P9QRSTVWXYZ0199\",\"lamport_clock\":5,\"payload\":{\"title\":\"" +
                          big + "\"}}";
  EventDecoder::Options options;
  options.keep_payload_json = true;
  LogContents contents = Read(GoodLine("1", 1) + "\n" + big_event + "\n" + GoodLine("2", 2) + "\n", options);
  ASSERT_EQ(contents.events.size(), 3u);
  EXPECT_TRUE(contents.problems.empty());
  EXPECT_EQ(contents.events[1].payload.title.size(), big.size());
  EXPECT_EQ(contents.events[1].raw_line.size(), big_event.size());
  EXPECT_EQ(contents.line_numbers, (std::vector<size_t>{1, 2, 3}));

  // A 10 MB line that is not JSON is reported without hiding its neighbours.
  std::string big_garbage = "{\"event_id\":\"x\",\"payload\":\"" + big;  // unclosed string
  contents = Read(GoodLine("1", 1) + "\n" + big_garbage + "\n" + GoodLine("2", 2) + "\n");
  ASSERT_EQ(contents.events.size(), 2u);
  EXPECT_EQ(contents.line_numbers, (std::vector<size_t>{1, 3}));
  ASSERT_EQ(contents.problems.size(), 1u);
  EXPECT_EQ(contents.problems[0].line_number, 2u);
}

TEST(LineReaderTest, NulBytesAreReportedNotTruncating) {
  using namespace std::string_literals;
  const std::vector<std::string> bad_lines = {
      "\0\0\0"s,
      "{\"event_id\":\"01HQ3K5M7N8P9QRSTVWXYZ0123\",\"lamport_clock\":3,\"actor\":\"a\0b\"}"s,  // raw NUL in a string
      "{\"event_id\":\"01HQ3K5M7N8P9QRSTVWXYZ0123\",\"lamport_clock\":3}\0"s,  // NUL after the object
      "\0{\"event_id\":\"01HQ3K5M7N8P9QRSTVWXYZ0123\",\"lamport_clock\":3}"s,
  };
  for (const std::string& bad : bad_lines) {
    SCOPED_TRACE(::testing::PrintToString(bad));
    LogContents contents = Read(GoodLine("1", 1) + "\n" + bad + "\n" + GoodLine("2", 2) + "\n");
    ASSERT_EQ(contents.events.size(), 2u);
    EXPECT_EQ(contents.line_numbers, (std::vector<size_t>{1, 3}));
    ASSERT_EQ(contents.problems.size(), 1u);
    EXPECT_EQ(contents.problems[0].line_number, 2u);
    EXPECT_EQ(contents.problems[0].raw_line, bad);
    EXPECT_FALSE(contents.problems[0].is_event);
  }
  // An escaped NUL is fine.
  LogContents escaped = Read("{\"event_id\":\"01HQ3K5M7N8P9QRSTVWXYZ0123\",\"lamport_clock\":3,\"actor\":\"a\\u0000b\"}\n");
  ASSERT_EQ(escaped.events.size(), 1u);
  EXPECT_EQ(escaped.events[0].actor, std::string("a\0b", 3));
}

TEST(LineReaderTest, InvalidUtf8IsReported) {
  const std::vector<std::string> bad_lines = {
      "{\"event_id\":\"01HQ3K5M7N8P9QRSTVWXYZ0123\",\"actor\":\"\xff\"}",
      "{\"event_id\":\"01HQ3K5M7N8P9QRSTVWXYZ0123\",\"actor\":\"\xc3\"}",          // truncated sequence
      "{\"event_id\":\"01HQ3K5M7N8P9QRSTVWXYZ0123\",\"actor\":\"\xed\xa0\x80\"}",  // encoded surrogate
      "{\"event_id\":\"01HQ3K5M7N8P9QRSTVWXYZ0123\",\"actor\":\"\xc0\xaf\"}",      // overlong '/'
  };
  for (const std::string& bad : bad_lines) {
    LogContents contents = Read(GoodLine("1", 1) + "\n" + bad + "\n" + GoodLine("2", 2) + "\n");
    ASSERT_EQ(contents.events.size(), 2u);
    ASSERT_EQ(contents.problems.size(), 1u);
    EXPECT_EQ(contents.problems[0].line_number, 2u);
    EXPECT_EQ(contents.problems[0].reason, "not valid UTF-8");
  }
}

TEST(LineReaderTest, DeepNestingIsRefusedNotCrashing) {
  std::string deep = Nested(100000);
  std::string deep_event =
      "{\"event_id\":\"01HQ3K5M7N8P9QRSTVWXYZ0123\",\"lamport_clock\":1,\"payload\":{\"x\":" + Nested(100000) + "}}";
  std::string deep_objects;
  for (int i = 0; i < 100000; ++i) deep_objects += "{\"a\":";
  deep_objects += "1" + std::string(100000, '}');
  for (const std::string* bad : {&deep, &deep_event, &deep_objects}) {
    EventDecoder::Options options;
    options.keep_payload_json = true;
    LogContents contents = Read(GoodLine("1", 1) + "\n" + *bad + "\n" + GoodLine("2", 2) + "\n", options);
    ASSERT_EQ(contents.events.size(), 2u);
    ASSERT_EQ(contents.problems.size(), 1u);
    EXPECT_EQ(contents.problems[0].line_number, 2u);
    EXPECT_EQ(contents.problems[0].reason, "JSON nested too deeply");
  }
}

TEST(LineReaderTest, ModerateNestingInPayloadIsKept) {
  std::string line =
      "{\"event_id\":\"01HQ3K5M7N8P9QRSTVWXYZ0123\",\"lamport_clock\":1,\"payload\":{\"x\":" + Nested(1000) + "}}";
  EventDecoder::Options options;
  options.keep_payload_json = true;
  LogContents contents = Read(line + "\n", options);
  ASSERT_EQ(contents.events.size(), 1u);
  EXPECT_EQ(contents.events[0].payload_json, "{\"x\":" + Nested(1000) + "}");
}

class ReadLogFileTest : public ::testing::Test {
 protected:
  std::string Write(std::string_view name, std::string_view bytes) {
    std::string path = dir_.path() + "/" + std::string(name);
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  testing::TempDir dir_;
};

TEST_F(ReadLogFileTest, AbsentFileIsAnEmptyLog) {
  Result<LogContents> contents = ReadLogFile(dir_.path() + "/2026-01-27.jsonl");
  ASSERT_TRUE(contents.ok());
  EXPECT_TRUE(contents->events.empty());
  EXPECT_TRUE(contents->problems.empty());
  EXPECT_FALSE(contents->torn_tail);
}

TEST_F(ReadLogFileTest, ReadsEventsProblemsAndTornTail) {
  std::string path = Write("2026-01-27.jsonl", GoodLine("1", 1) + "\nnot json\n\n" + GoodLine("2", 2) + "\n{\"ev");
  Result<LogContents> contents = ReadLogFile(path);
  ASSERT_TRUE(contents.ok());
  ASSERT_EQ(contents->events.size(), 2u);
  EXPECT_EQ(contents->line_numbers, (std::vector<size_t>{1, 4}));
  ASSERT_EQ(contents->problems.size(), 2u);
  EXPECT_EQ(contents->problems[0].line_number, 2u);
  EXPECT_EQ(contents->problems[1].line_number, 5u);
  EXPECT_TRUE(contents->torn_tail);
  EXPECT_EQ(contents->problems[1].Format("2026-01-27.jsonl").substr(0, 19), "2026-01-27.jsonl:5:");
}

TEST_F(ReadLogFileTest, EmptyFile) {
  Result<LogContents> contents = ReadLogFile(Write("2026-01-27.jsonl", ""));
  ASSERT_TRUE(contents.ok());
  EXPECT_TRUE(contents->events.empty());
  EXPECT_FALSE(contents->torn_tail);
}

TEST_F(ReadLogFileTest, FileEndingExactlyAtPageBoundary) {
  // The last line ends at the end of the data: padding comes from the buffer, not the file.
  std::string line = GoodLine("1", 1);
  std::string data;
  while (data.size() + line.size() + 1 <= 4096) data += line + "\n";
  data += std::string(4096 - data.size() - 1, ' ') + "\n";
  ASSERT_EQ(data.size(), 4096u);
  Result<LogContents> contents = ReadLogFile(Write("2026-01-27.jsonl", data));
  ASSERT_TRUE(contents.ok());
  EXPECT_FALSE(contents->events.empty());
  EXPECT_TRUE(contents->problems.empty());
}

TEST_F(ReadLogFileTest, DirectoryIsAnIoError) {
  Result<LogContents> contents = ReadLogFile(dir_.path());
  ASSERT_FALSE(contents.ok());
  EXPECT_EQ(contents.status().kind(), ErrorKind::kIo);
  EXPECT_NE(contents.status().message().find(dir_.path()), std::string::npos);
}

}  // namespace
}  // namespace kittylog
