// The entries of the bad-input catalogue (catalogue.h). Grouped by where the hostile input
// comes from: a teammate's branch (event files, symlinks: git tracks them), the local machine
// (clock file, index), and the command line or stdin (emit, query filters).
#include "tests/bad_input/catalogue.h"

#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>

#include "event/json_writer.h"
#include "tests/support/test_support.h"

namespace kittylog::testing {
namespace {

std::string Quote(std::string_view text) {
  std::string out;
  AppendJsonString(out, text);
  return out;
}

// A canonical event line for the 2026-01-27 file. Strings are given raw and JSON-escaped here.
std::string EventLine(int n, const std::string& clock, const std::string& entity = "WP09",
                      const std::string& actor = "mallory", const std::string& payload = R"({"tags":["x"]})",
                      const std::string& type = "TagsAdded", const std::string& entity_type = "WorkPackage") {
  return fmt::format(R"({{"event_id":"01KFZN6BG0ZZZZZZZZZZZZZ{:03}","event_type":{},"event_version":1,)"
                     R"("lamport_clock":{},"entity_id":{},"entity_type":{},)"
                     R"("timestamp":"2026-01-27T12:00:01.000Z","actor":{},"causation_id":null,)"
                     R"("correlation_id":null,"payload":{}}})",
                     n, Quote(type), clock, Quote(entity), Quote(entity_type), Quote(actor), payload);
}

std::function<void(const Checkout&)> Append(std::string bytes) {
  return [bytes](const Checkout& c) { WriteFile(c.day, ReadFileOrEmpty(c.day) + bytes); };
}

std::function<void(const Checkout&)> AppendLine(std::string line) { return Append(line + "\n"); }

std::string Events(const Checkout& c) { return c.root + "/.kittify/events"; }

// The status payload of a WP moving planned -> doing, with `reason`.
std::string Move(const std::string& reason) {
  return R"({"feature_slug":"001-bad","old_status":"planned","new_status":"doing","reason":)" + Quote(reason) + "}";
}

const std::string kEsc = "\x1b[31mRED\x1b[0m\x1b]0;title\x07\x1b[2J";

std::vector<std::string> Emit(const std::string& entity, const std::string& payload = R"({"tags":["x"]})",
                              const std::string& type = "TagsAdded") {
  return {"emit", type, "--entity", entity, "--entity-type", "WorkPackage", "--payload", payload};
}

std::string StdinEvent(const std::string& entity = "WP07") {
  return R"({"event_type":"TagsAdded","entity_id":")" + entity +
         R"(","entity_type":"WorkPackage","payload":{"tags":["x"]}})";
}

std::vector<BadInput> Build() {
  std::vector<BadInput> c;
  const std::string L3 = ".kittify/events/2026-01-27.jsonl:3: ";

  // --- Event files from a teammate's branch: `verify` names file:line, readers skip the line --
  c.push_back({"malformed_json", "a line that is not JSON", AppendLine(R"({"event_id":"01KFZN6BG0ZZZZZZZZZZZZZ001",)"),
               {"verify"}, "", 1, L3 + "not valid JSON"});
  c.push_back({"ten_megabyte_line", "a 10 MB line (an unterminated string)",
               AppendLine(R"({"event_id":"01KFZN6BG0ZZZZZZZZZZZZZ002","payload":{"reason":")" + std::string(10 << 20, 'x')),
               {"verify"}, "", 1, L3 + "not valid JSON (unclosed string)"});
  c.push_back({"ten_megabyte_event", "a valid 10 MB event (a 10 MB tag)",
               AppendLine(EventLine(3, "3", "WP09", "mallory", R"({"tags":[")" + std::string(10 << 20, 't') + "\"]}")),
               {"history", "WP09"}, "", 0, "clock 3: tags +ttt", true});
  c.push_back({"nesting_depth_100000", "nesting depth 100,000",
               AppendLine(R"({"event_id":"01KFZN6BG0ZZZZZZZZZZZZZ004","payload":)" + std::string(100000, '[') +
                          std::string(100000, ']') + "}"),
               {"verify"}, "", 1, L3 + "JSON nested too deeply"});
  c.push_back({"nul_bytes", "NUL bytes inside a line",
               AppendLine(std::string(R"({"event_id":"01KFZN6BG0ZZ)") + std::string("\0\0", 2) + R"(ZZ","lamport_clock":3})"),
               {"verify"}, "", 1, L3 + "not valid JSON"});
  c.push_back({"invalid_utf8", "invalid UTF-8 (a lone continuation byte) in an actor",
               AppendLine(EventLine(5, "3", "WP09", "mall\xc3\x28ory")), {"verify"}, "", 1, L3 + "not valid UTF-8"});
  c.push_back({"overlong_utf8", "overlong UTF-8 encoding of '/' in an entity id",
               AppendLine(EventLine(6, "3", "WP\xc0\xaf" "09")), {"verify"}, "", 1, L3 + "not valid UTF-8"});
  c.push_back({"utf8_surrogate", "a UTF-8 encoded surrogate (CESU) in a tag",
               AppendLine(EventLine(7, "3", "WP09", "mallory", "{\"tags\":[\"\xed\xa0\x80\"]}")), {"verify"}, "", 1,
               L3 + "not valid UTF-8"});
  c.push_back({"utf8_bom", "a UTF-8 byte order mark before the first line",
               [](const Checkout& co) { WriteFile(co.day, "\xef\xbb\xbf" + ReadFileOrEmpty(co.day)); }, {"verify"}, "", 1,
               ".kittify/events/2026-01-27.jsonl:1: "});
  c.push_back({"utf8_bom_repair", "a UTF-8 BOM, then `repair`: the first event must stay in the log",
               [](const Checkout& co) { WriteFile(co.day, "\xef\xbb\xbf" + ReadFileOrEmpty(co.day)); }, {"repair"}, "", 0, "",
               false, Keep::kAccountedFor, {},
               "",
               [](const Checkout& co) -> std::string {
                 std::string id = co.lines[0].substr(13, 26);
                 return ReadFileOrEmpty(co.day).find(id) == std::string::npos ? "the first event left the log: " + id : "";
               }});
  c.push_back({"crlf_line_endings", "CRLF line endings (a Windows checkout)",
               [](const Checkout& co) { WriteFile(co.day, co.lines[0] + "\r\n" + co.lines[1] + "\r\n"); }, {"verify"}, "", 0,
               "1 files, 2 events, 0 problems", true});
  c.push_back({"conflict_markers", "git conflict markers left by a merge without the driver (named as such)",
               [](const Checkout& co) {
                 WriteFile(co.day, co.lines[0] + "\n<<<<<<< HEAD\n" + co.lines[1] + "\n=======\n" + EventLine(8, "2") +
                                       "\n>>>>>>> feature\n");
               },
               {"verify"}, "", 1, ".kittify/events/2026-01-27.jsonl:2: conflict marker: run `kittylog repair`"});
  c.push_back({"conflict_markers_repair", "git conflict markers, then `repair`",
               [](const Checkout& co) {
                 WriteFile(co.day, co.lines[0] + "\n<<<<<<< HEAD\n" + co.lines[1] + "\n=======\n" + EventLine(8, "2") +
                                       "\n>>>>>>> feature\n");
               },
               {"repair"}, "", 0, "", false, Keep::kAccountedFor, {}, "",
               [](const Checkout& co) -> std::string {
                 std::string bytes = ReadFileOrEmpty(co.day);
                 if (bytes.find("<<<<<<<") != std::string::npos) return "markers left in the log";
                 if (bytes.find("ZZZZZZZZZZZZZ008") == std::string::npos) return "theirs' event was lost";
                 return Kittylog(co.root, {"verify"}).exit_code == 0 ? "" : "verify fails after repair";
               }});
  c.push_back({"duplicate_id_different_bytes", "the same event_id twice with different bytes",
               [](const Checkout& co) {
                 std::string twin = co.lines[1];
                 twin.replace(twin.find("\"actor\":\""), 9, "\"actor\":\"x");
                 WriteFile(co.day, ReadFileOrEmpty(co.day) + twin + "\n");
               },
               {"verify"}, "", 1, L3 + "duplicate event_id"});
  const std::string kClockRule = L3 + "lamport_clock must be an integer in 1..2^53-1: not an event";
  c.push_back({"clock_zero", "lamport_clock 0", AppendLine(EventLine(9, "0")), {"verify"}, "", 1, kClockRule});
  c.push_back({"clock_negative", "lamport_clock -5", AppendLine(EventLine(10, "-5")), {"verify"}, "", 1, kClockRule});
  c.push_back({"clock_above_int64", "lamport_clock 2^63 (beyond an int64)",
               AppendLine(EventLine(11, "9223372036854775808")), {"verify"}, "", 1, kClockRule});
  c.push_back({"clock_at_int64_max", "lamport_clock 2^63-1: out of range, not an event (it would block the clock)",
               AppendLine(EventLine(60, "9223372036854775807")), {"verify"}, "", 1, kClockRule});
  c.push_back({"clock_above_2_53", "lamport_clock 2^53 (one above the maximum)",
               AppendLine(EventLine(61, "9007199254740992")), {"verify"}, "", 1, kClockRule});
  c.push_back({"clock_huge", "lamport_clock 1e400 (beyond a double)", AppendLine(EventLine(12, "1e400")), {"verify"}, "", 1,
               L3 + "not valid JSON"});
  c.push_back({"clock_fraction", "lamport_clock 2.5", AppendLine(EventLine(13, "2.5")), {"verify"}, "", 1, kClockRule});
  c.push_back({"clock_string", "lamport_clock \"3\" (a string)", AppendLine(EventLine(14, "\"3\"")), {"verify"}, "", 1,
               kClockRule});
  c.push_back({"clock_missing", "no lamport_clock",
               AppendLine(R"({"event_id":"01KFZN6BG0ZZZZZZZZZZZZZ015","event_type":"TagsAdded","payload":{"tags":["x"]}})"),
               {"verify"}, "", 1, L3 + "lamport_clock is missing"});
  c.push_back({"event_id_missing", "an object without event_id",
               AppendLine(R"({"event_type":"TagsAdded","lamport_clock":3,"payload":{"tags":["x"]}})"), {"verify"}, "", 1,
               L3 + "no string event_id: not an event"});
  c.push_back({"event_id_not_ulid", "an event_id that is not a ULID (lower case, 40 chars)",
               AppendLine(EventLine(16, "3").replace(13, 26, "01kfzn6bg0zzzzzzzzzzzzz016-not-a-ulid-at-all")),
               {"verify"}, "", 1, L3 + "event_id is not a valid ULID"});
  c.push_back({"only_id_and_clock", "an event with nothing but event_id and lamport_clock (kept, but reported)",
               AppendLine(R"({"event_id":"01KFZN6BG0ZZZZZZZZZZZZZ017","lamport_clock":3})"), {"verify"}, "", 1,
               L3 + "event_type is missing or empty"});
  c.push_back({"extra_fields", "unknown keys at the top level and in the payload (passed through)",
               AppendLine(EventLine(18, "3", "WP09", "mallory", R"({"tags":["x"],"zzz":{"deep":[1,null]}})")
                              .insert(1, R"("from_the_future":[{"a":1}],)")),
               {"verify"}, "", 0, "1 files, 3 events, 0 problems", true});
  c.push_back({"unknown_event_type", "an event type this version does not know (kept as is)",
               AppendLine(EventLine(19, "3", "WP09", "mallory", "{}", "FromTheFuture")), {"history", "WP09"}, "", 0,
               "FromTheFuture (unknown event type, kept as is)", true});
  c.push_back({"not_an_object", "a JSON array line", AppendLine("[1,2,3]"), {"verify"}, "", 1, L3 + "not a JSON object"});
  c.push_back({"duplicate_keys", "duplicate keys (event_id twice)",
               AppendLine(R"({"event_id":"01KFZN6BG0ZZZZZZZZZZZZZ020","event_id":"01KFZN6BG0ZZZZZZZZZZZZZ021","lamport_clock":3,)"
                          R"("event_type":"TagsAdded","entity_id":"WP09","entity_type":"WorkPackage"})"),
               {"verify"}, "", 0, "1 files, 3 events, 0 problems", true});
  c.push_back({"torn_tail", "a last line without its newline (a crash mid-write)",
               Append(R"({"event_id":"01KFZN6BG0ZZZZZZZZZZZZZ022","event_ty)"), {"verify"}, "", 1, L3 + "torn tail"});

  // --- What reaches the terminal: escapes and control characters are shown escaped ----------
  c.push_back({"escapes_in_history", "terminal escape sequences in entity id, actor, reason and title",
               [](const Checkout& co) {
                 WriteFile(co.day, ReadFileOrEmpty(co.day) +
                                       EventLine(23, "3", "WP" + kEsc, "act" + kEsc,
                                                 R"({"feature_slug":"001-bad","work_package_id":)" + Quote("WP" + kEsc) +
                                                     R"(,"title":)" + Quote("T" + kEsc) + "}",
                                                 "WPCreated") + "\n" +
                                       EventLine(24, "4", "WP" + kEsc, "act\b\b\bor\r", Move("r" + kEsc + "\n2nd line"),
                                                 "WPStatusChanged") + "\n");
               },
               {"history", "WP" + kEsc, "--feature", "001-bad"}, "", 0, "\\x1b[31mRED", true});
  c.push_back({"escapes_in_status", "escape sequences and C1 controls (U+009B CSI) in a title",
               [](const Checkout& co) {
                 WriteFile(co.day, ReadFileOrEmpty(co.day) +
                                       EventLine(25, "3", "001-bad", "x" + kEsc,
                                                 R"({"feature_slug":"001-bad","title":)" + Quote("F\xc2\x9b" "31m" + kEsc) + "}",
                                                 "SpecCreated", "FeatureSpec") + "\n");
               },
               {"status"}, "", 0, "\\x1b[31mRED", true});
  c.push_back({"escape_in_bad_line", "a raw ESC byte in a line that is not JSON", AppendLine("not json \x1b[2J\x1b[31m"),
               {"verify"}, "", 1, L3 + "not valid JSON"});
  c.push_back({"escape_in_file_name", "an ESC sequence in a file name under .kittify/events/",
               [](const Checkout& co) { WriteFile(Events(co) + "/\x1b[31mevil.jsonl", co.lines[0] + "\n"); }, {"verify"}, "", 0,
               "not a daily file name"});
  c.push_back({"escape_in_emit_entity", "emit: an entity id with an escape sequence (refused, echoed escaped)",
               {}, Emit("WP" + kEsc), "", 1, "entity_id: must not contain control characters"});
  c.push_back({"escape_in_actor_env", "emit: KITTYLOG_ACTOR with an escape sequence", {}, Emit("WP07"), "", 1,
               "actor: must not contain control characters", false, Keep::kUnchanged, {}, "", {},
               {{"KITTYLOG_ACTOR", "bot" + kEsc}}});
  c.push_back({"newline_in_causation", "emit: --causation with a newline (line injection)", {},
               {"emit", "TagsAdded", "--entity", "WP07", "--entity-type", "WorkPackage", "--payload", R"({"tags":["x"]})",
                "--causation", "op\n{\"event_id\":\"01KFZN6BG0ZZZZZZZZZZZZZ099\"}"},
               "", 1, "causation_id: must not contain control characters"});
  c.push_back({"escape_in_directory", "-C naming a directory with an escape sequence", {},
               {"-C", "/nonexistent/\x1b[31m", "verify"}, "", 3, "\\x1b[31m"});

  // --- File-system shapes a branch or a user can leave -----------------------------------------
  c.push_back({"daily_name_outside_pattern", "daily files named 2026-13-45.jsonl and notes.jsonl (ignored, warned)",
               [](const Checkout& co) {
                 WriteFile(Events(co) + "/2026-13-45.jsonl", co.lines[0] + "\n");
                 WriteFile(Events(co) + "/notes.jsonl", "free text\n");
               },
               {"verify"}, "", 0, ".kittify/events/2026-13-45.jsonl: not a daily file name"});
  c.push_back({"daily_file_symlink_outside", "the daily file is a symlink to a file outside the repository",
               [](const Checkout& co) {
                 WriteFile(co.scratch + "/victim.txt", "precious\n");
                 std::filesystem::remove(co.day);
                 std::filesystem::create_symlink(co.scratch + "/victim.txt", co.day);
               },
               Emit("WP07"), "", 3, "2026-01-27.jsonl: is a symbolic link; kittylog does not follow it", false,
               Keep::kUnchanged, {}, "",
               [](const Checkout& co) -> std::string {
                 return ReadFileOrEmpty(co.scratch + "/victim.txt") == "precious\n" ? "" : "emit wrote outside the repository";
               },
               {{"KITTYLOG_NOW", "1769515201000"}}});
  c.push_back({"daily_file_symlink_dev_zero", "a daily file that is a symlink to /dev/zero (endless): reported, never read",
               [](const Checkout& co) { std::filesystem::create_symlink("/dev/zero", Events(co) + "/2026-01-28.jsonl"); },
               {"verify"}, "", 1, ".kittify/events/2026-01-28.jsonl: a symbolic link, not a regular file"});
  c.push_back({"events_dir_symlink_outside", "`.kittify/events` is a symlink to a directory outside the repository",
               [](const Checkout& co) {
                 std::filesystem::create_directory(co.scratch + "/elsewhere");
                 std::filesystem::rename(Events(co), co.scratch + "/elsewhere/events");
                 std::filesystem::create_symlink(co.scratch + "/elsewhere/events", Events(co));
               },
               Emit("WP07"), "", 3, "symbolic link", false, Keep::kUnchanged, {},
               "",
               [](const Checkout& co) -> std::string {
                 std::string outside = ReadFileOrEmpty(co.scratch + "/elsewhere/events/2026-01-27.jsonl");
                 return outside.find("WP07") == std::string::npos ? "" : "emit wrote outside the repository";
               },
               {{"KITTYLOG_NOW", "1769515201000"}}});
  c.push_back({"kittify_symlink_outside", "`.kittify` itself is a symlink outside the repository",
               [](const Checkout& co) {
                 std::filesystem::rename(co.root + "/.kittify", co.scratch + "/kittify-elsewhere");
                 std::filesystem::create_symlink(co.scratch + "/kittify-elsewhere", co.root + "/.kittify");
               },
               Emit("WP07"), "", 3, "symbolic link", false, Keep::kUnchanged, {},
               "",
               [](const Checkout& co) -> std::string {
                 std::string outside = ReadFileOrEmpty(co.scratch + "/kittify-elsewhere/events/2026-01-27.jsonl");
                 return outside.find("WP07") == std::string::npos ? "" : "emit wrote outside the repository";
               },
               {{"KITTYLOG_NOW", "1769515201000"}}});
  c.push_back({"daily_file_is_directory", "a directory named like a daily file: reported, skipped",
               [](const Checkout& co) { std::filesystem::create_directory(Events(co) + "/2026-01-28.jsonl"); }, {"verify"}, "",
               1, ".kittify/events/2026-01-28.jsonl: a directory, not a regular file"});
  c.push_back({"events_dir_is_file", "`.kittify/events` is a regular file",
               [](const Checkout& co) {
                 std::filesystem::remove_all(Events(co));
                 WriteFile(Events(co), "not a directory\n");
               },
               Emit("WP07"), "", 3, ".kittify/events"});
  c.push_back({"index_is_directory", "the index (index.db) is a directory: set aside, rebuilt, the emit succeeds",
               [](const Checkout& co) {
                 for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(Events(co) + "/index.db" + suffix);
                 std::filesystem::create_directory(Events(co) + "/index.db");
               },
               Emit("WP07"), "", 0, "index.db", false, Keep::kAppended});
  c.push_back({"index_is_garbage", "the index holds random bytes: set aside with a warning, rebuilt",
               [](const Checkout& co) {
                 for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(Events(co) + "/index.db" + suffix);
                 WriteFile(Events(co) + "/index.db", std::string(8192, '\x5a'));
               },
               {"status"}, "", 0, "set aside"});
  c.push_back({"clock_file_one_gigabyte", "a 1 GB (sparse) clock file: recovered from the log without reading it",
               [](const Checkout& co) { std::filesystem::resize_file(co.root + "/.kittify/clock.json", 1ull << 30); },
               Emit("WP07"), "", 0, "recovering the clock from the log", false, Keep::kAppended, {}, "",
               [](const Checkout& co) -> std::string {
                 return ReadFileOrEmpty(co.day).find("\"lamport_clock\":3,") != std::string::npos ? "" : "clock 3 was not used";
               }});
  c.push_back({"clock_file_at_maximum",
               "a clock file at 2^53-1 that the log does not hold (a hostile line merged, then reverted): the next "
               "emit goes on after the log's highest clock with a warning, never wraps and never blocks forever",
               [](const Checkout& co) {
                 WriteFile(co.root + "/.kittify/clock.json", R"({"value":9007199254740991,"last_updated":"2026-01-27T12:00:00.000Z"})");
               },
               Emit("WP07"), "", 0, "leaves no room for a write", false, Keep::kAppended, {}, "",
               [](const Checkout& co) -> std::string {
                 return ReadFileOrEmpty(co.day).find("\"lamport_clock\":3,") != std::string::npos ? "" : "clock 3 was not used";
               }});
  c.push_back({"clock_file_beyond_range", "a clock file at 2^63-1 (beyond the range): recovered from the log",
               [](const Checkout& co) {
                 WriteFile(co.root + "/.kittify/clock.json", R"({"value":9223372036854775807,"last_updated":"2026-01-27T12:00:00.000Z"})");
               },
               Emit("WP07"), "", 0, "recovering the clock from the log", false, Keep::kAppended, {}, "",
               [](const Checkout& co) -> std::string {
                 return ReadFileOrEmpty(co.day).find("\"lamport_clock\":3,") != std::string::npos ? "" : "clock 3 was not used";
               }});
  c.push_back({"clock_file_negative", "a clock file with a negative value: recovered from the log",
               [](const Checkout& co) {
                 WriteFile(co.root + "/.kittify/clock.json", R"({"value":-7,"last_updated":"2026-01-27T12:00:00.000Z"})");
               },
               Emit("WP07"), "", 0, "clock", false, Keep::kAppended, {}, "",
               [](const Checkout& co) -> std::string {
                 return ReadFileOrEmpty(co.day).find("\"lamport_clock\":3,") != std::string::npos ? "" : "clock 3 was not used";
               }});
  c.push_back({"clock_file_is_directory", "the clock file is a directory: a clear error, nothing written",
               [](const Checkout& co) {
                 std::filesystem::remove(co.root + "/.kittify/clock.json");
                 std::filesystem::create_directory(co.root + "/.kittify/clock.json");
               },
               Emit("WP07"), "", 3, "clock.json"});

  // --- The command line and stdin ---------------------------------------------------------
  c.push_back({"emit_malformed_payload", "emit: --payload that is not JSON", {}, Emit("WP07", R"({"tags":)"), "", 1,
               "--payload: not valid JSON"});
  // One argv string may be at most 128 KiB (MAX_ARG_STRLEN), so --payload carries 60,000 levels;
  // --stdin carries the full 100,000.
  c.push_back({"emit_deep_payload", "emit: --payload nested 60,000 deep", {},
               Emit("WP07", R"({"tags":["x"],"d":)" + std::string(60000, '[') + std::string(60000, ']') + "}"), "", 1,
               "too deep"});
  c.push_back({"stdin_deep_payload", "emit --stdin: a payload nested 100,000 deep", {}, {"emit", "--stdin"},
               R"({"event_type":"TagsAdded","entity_id":"WP07","entity_type":"WorkPackage","payload":{"tags":["x"],"d":)" +
                   std::string(100000, '[') + std::string(100000, ']') + "}}\n",
               1, "stdin:1:"});
  c.push_back({"emit_payload_not_object", "emit: --payload that is an array", {}, Emit("WP07", "[1]"), "", 1, "payload"});
  c.push_back({"emit_long_entity", "emit: a 10,000-byte entity id", {}, Emit(std::string(10000, 'W')), "", 1,
               "entity_id: must be at most 256 bytes"});
  c.push_back({"emit_path_as_type", "emit: event type ../../etc/passwd", {}, Emit("WP07", R"({"tags":["x"]})", "../../etc/passwd"),
               "", 1, "event_type: unknown type"});
  c.push_back({"stdin_nul", "emit --stdin: a NUL byte in a line", {}, {"emit", "--stdin"},
               StdinEvent() + "\n" + std::string("{\"event_type\":\"Tags\0Added\"}\n", 28), 1, "stdin:2:"});
  c.push_back({"stdin_invalid_utf8", "emit --stdin: invalid UTF-8", {}, {"emit", "--stdin"}, StdinEvent("WP\xff") + "\n", 1,
               "stdin:1:"});
  c.push_back({"stdin_conflict_markers", "emit --stdin: conflict markers between events", {}, {"emit", "--stdin"},
               StdinEvent() + "\n<<<<<<< HEAD\n" + StdinEvent() + "\n", 1, "stdin:2:"});
  c.push_back({"stdin_ten_megabytes", "emit --stdin: one 10 MB line", {}, {"emit", "--stdin"},
               R"({"event_type":"TagsAdded","entity_id":"WP07","entity_type":"WorkPackage","payload":{"tags":[")" +
                   std::string(10 << 20, 't') + "\"]}}\n",
               1, "stdin:1:"});
  c.push_back({"stdin_clock_given", "emit --stdin: a line that sets its own lamport_clock (the store assigns clocks)", {},
               {"emit", "--stdin"},
               R"({"event_type":"TagsAdded","entity_id":"WP07","entity_type":"WorkPackage","lamport_clock":1,"payload":{"tags":["x"]}})"
               "\n",
               1, "stdin:1:"});

  // --- SQL reaches only bound parameters ------------------------------------------------------
  const std::vector<std::string> kSql = {"x' OR '1'='1", "%", "_", "'; DROP TABLE events; --", "\" OR 1=1 --"};
  for (size_t i = 0; i < kSql.size(); ++i) {
    c.push_back({fmt::format("sql_in_query_entity_{}", i), "query --entity " + kSql[i] + " (matches nothing)", {},
                 {"query", "--entity", kSql[i], "--format", "jsonl"}, "", 0, "", true, Keep::kUnchanged, {"query"}, "",
                 [](const Checkout& co) -> std::string {
                   ProcessResult all = Kittylog(co.root, {"query", "--format", "jsonl"});
                   return SplitLines(all.out).size() == 2 ? "" : "the index lost events: " + all.out + all.err;
                 }});
  }
  c.push_back({"sql_in_query_actor", "query --actor with a LIKE wildcard (matches nothing)", {},
               {"query", "--actor", "%", "--format", "jsonl"}, "", 0, "", true, Keep::kUnchanged, {"query"}});
  c.push_back({"sql_in_history", "history of an entity named with SQL (no such entity: exit 1, nothing matched)", {},
               {"history", "WP01' OR '1'='1"}, "", 1, "no events for WP01' OR '1'='1 in the log"});
  c.push_back({"sql_entity_round_trip", "an entity id made of SQL is stored and found as plain text", {},
               Emit("'); DROP TABLE events; --"), "", 0, "", true, Keep::kAppended, {}, "",
               [](const Checkout& co) -> std::string {
                 ProcessResult history = Kittylog(co.root, {"history", "'); DROP TABLE events; --"});
                 if (history.out.find("clock 3") == std::string::npos) return "history does not find it: " + history.out;
                 return Kittylog(co.root, {"verify"}).exit_code == 0 ? "" : "verify fails";
               }});

  // --- The merge driver, fed by a teammate's branch -----------------------------------------
  c.push_back({"merge_driver_escapes", "kittylog-merge: escape sequences in entities changed on both sides",
               [](const Checkout& co) {
                 std::string base = co.lines[0] + "\n";
                 WriteFile(co.scratch + "/O", base);
                 WriteFile(co.scratch + "/A", base + EventLine(40, "5", "WP" + kEsc, "a", Move("x"), "WPStatusChanged") + "\n");
                 WriteFile(co.scratch + "/B", base + EventLine(41, "5", "WP" + kEsc, "b", Move("y"), "WPStatusChanged") + "\n" +
                                                  "junk \x1b[2J line\n");
               },
               {"kittylog-merge", "@O", "@A", "@B", "7", "events.jsonl"}, "", 0, ""});
  c.push_back({"merge_driver_nul_and_bom", "kittylog-merge: NUL bytes and a BOM in one side",
               [](const Checkout& co) {
                 std::string base = co.lines[0] + "\n";
                 WriteFile(co.scratch + "/O", base);
                 WriteFile(co.scratch + "/A", "\xef\xbb\xbf" + base + std::string("\0\0\0\n", 4));
                 WriteFile(co.scratch + "/B", base + co.lines[1] + "\n");
               },
               {"kittylog-merge", "@O", "@A", "@B", "7", "events.jsonl"}, "", 0, ""});
  AddHostileEntries(c);
  return c;
}

}  // namespace

const std::vector<BadInput>& Catalogue() {
  static const std::vector<BadInput> kCatalogue = Build();
  return kCatalogue;
}

}  // namespace kittylog::testing
