// The schemas of docs/contracts/ against kittylog itself, with a real draft 2020-12 validator
// (python3-jsonschema, tests/contracts/validate.py; docs/contracts.md):
//   - every line a workflow writes (every command that writes, `emit --stdin`, `kittylog demo`)
//     is valid;
//   - what the bad-input catalogue (tests/bad_input/catalogue.cc) feeds kittylog and kittylog
//     refuses, the schemas refuse too, and what kittylog writes they accept;
//   - for each event type, `kittylog emit` and the schemas agree on a payload without each of its
//     fields (required or not), and both refuse one with a field of another JSON type or an
//     unknown field.
// Each document is checked against the files (a registry) and against `kittylog schema` (the
// bundle) alone; validate.py fails when the two disagree.
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "event/json_writer.h"
#include "event/log_layout.h"
#include "tests/bad_input/catalogue.h"
#include "tests/support/test_support.h"

namespace kittylog::testing {
namespace {

const std::string kContractsDir = std::string(KITTYLOG_SOURCE_DIR) + "/docs/contracts";
constexpr const char* kNoon = "1769515200000";  // 2026-01-27T12:00:00.000Z

struct Case {
  std::string name;
  std::string schema;  // EventV1, EmitRequestV1
  std::string bytes;
};

std::string Hex(const std::string& bytes) {
  std::string hex;
  for (unsigned char c : bytes) hex += fmt::format("{:02x}", c);
  return hex;
}

std::string Quote(std::string_view text) {
  std::string out;
  AppendJsonString(out, text);
  return out;
}

// name -> (verdict, first error) from validate.py.
std::map<std::string, std::pair<std::string, std::string>> Validate(const std::vector<Case>& cases) {
  TempDir tmp;
  std::string lines;
  for (const Case& c : cases) {
    lines += fmt::format("{{\"name\":{},\"schema\":{},\"hex\":\"{}\"}}\n", Quote(c.name), Quote(c.schema), Hex(c.bytes));
  }
  WriteFile(tmp / "cases.jsonl", lines);
  ProcessResult bundle = kittylog::testing::Run({KITTYLOG_BINARY, "schema"});
  EXPECT_EQ(bundle.exit_code, 0) << bundle.err;
  WriteFile(tmp / "bundle.json", bundle.out);
  ProcessResult run = kittylog::testing::Run({KITTYLOG_PYTHON, std::string(KITTYLOG_SOURCE_DIR) + "/tests/contracts/validate.py",
                           kContractsDir, tmp / "bundle.json", tmp / "cases.jsonl"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  std::map<std::string, std::pair<std::string, std::string>> verdicts;
  for (const std::string& line : SplitLines(run.out)) {
    size_t tab = line.find('\t');
    size_t second = line.find('\t', tab + 1);
    verdicts[line.substr(0, tab)] = {line.substr(tab + 1, second - tab - 1), line.substr(second + 1)};
  }
  EXPECT_EQ(verdicts.size(), cases.size()) << run.out;
  return verdicts;
}

// Every line of every daily file under `root`/.kittify/events.
std::vector<std::string> LogLines(const std::string& root) {
  std::vector<std::string> lines;
  std::string events = root + "/.kittify/events";
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(events)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    if (!IsDailyFileName(name)) continue;
    for (const std::string& line : SplitLines(ReadFileOrEmpty(events + "/" + name))) lines.push_back(line);
  }
  return lines;
}

ProcessResult KittylogOk(const std::string& dir, const std::vector<std::string>& args, const ProcessOptions& extra = {}) {
  ProcessResult result = Kittylog(dir, args, extra);
  EXPECT_EQ(result.exit_code, 0) << "kittylog " << args[0] << ": " << result.err;
  return result;
}

// The event line kittylog would write for `emit TYPE --entity ... --payload ...` arguments:
// fixed id, clock and time; the rest from the arguments (the payload as given).
std::string EventFromEmitArgs(const std::vector<std::string>& args, const std::string& actor) {
  std::map<std::string, std::string> flags;
  std::string type;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i].starts_with("--") && i + 1 < args.size()) {
      flags[args[i]] = args[i + 1];
      ++i;
    } else {
      type = args[i];
    }
  }
  auto optional = [&](const std::string& flag) { return flags.count(flag) ? Quote(flags[flag]) : "null"; };
  return fmt::format(R"({{"event_id":"01KFZN6BG0AAAAAAAAAAAAAAAA","event_type":{},"event_version":1,"lamport_clock":3,)"
                     R"("entity_id":{},"entity_type":{},"timestamp":"2026-01-27T12:00:01.000Z","actor":{},)"
                     R"("causation_id":{},"correlation_id":{},"payload":{}}})",
                     Quote(type), Quote(flags["--entity"]), Quote(flags["--entity-type"]),
                     Quote(flags.count("--actor") ? flags["--actor"] : actor), optional("--causation"),
                     optional("--correlation"), flags["--payload"]);
}

TEST(SchemaValidationTest, EveryLineAWorkflowWritesIsValid) {
  TempDir dir;
  std::string repo = dir / "repo";
  std::filesystem::create_directories(repo);
  ASSERT_EQ(kittylog::testing::Run({"git", "init", "-q", repo}).exit_code, 0);
  const std::string f = "001-demo";
  KittylogOk(repo, {"init"});
  KittylogOk(repo, {"spec", "create", f, "--title", "Demo \"quoted\" é", "--mission", "ship it"});
  KittylogOk(repo, {"wp", "create", "WP01", "--feature", f, "--title", "First"});
  KittylogOk(repo, {"wp", "create", "WP02", "--feature", f, "--title", "Second", "--depends", "WP01"});
  KittylogOk(repo, {"wp", "move", "WP01", "--feature", f, "--to", "doing", "--causation", "op-1", "--correlation", "s-1"});
  KittylogOk(repo, {"wp", "workspace", "WP01", "--feature", f, "--path", "../wt-WP01", "--branch", "wp01"});
  KittylogOk(repo, {"wp", "subtask", "WP01", "--feature", f, "--index", "0", "--text", "write the test"});
  KittylogOk(repo, {"wp", "tag", "WP01", "--feature", f, "backend", "urgent"});
  KittylogOk(repo, {"gate", "create", "gate-ci-WP01", "--wp", "WP01", "--type", "CI_CHECK", "--feature", f});
  KittylogOk(repo, {"gate", "result", "gate-ci-WP01", "--status", "passed", "--data", R"({"run":42,"url":"https://ci"})"});
  KittylogOk(repo, {"wp", "move", "WP01", "--feature", f, "--to", "for_review"});
  KittylogOk(repo, {"wp", "move", "WP01", "--feature", f, "--to", "done", "--reason", "approved"});
  KittylogOk(repo, {"wp", "move", "WP02", "--feature", f, "--to", "doing"});
  KittylogOk(repo, {"wp", "create", "WP03", "--feature", f, "--title", "Third", "--depends", "WP02"});
  KittylogOk(repo, {"wp", "move", "WP03", "--feature", f, "--to", "doing", "--force", "--reason", "spike"});
  KittylogOk(repo, {"emit", "CounterIncremented", "--entity", "WP01", "--entity-type", "WorkPackage", "--payload",
                    R"({"counter":"retries","delta":-2,"feature_slug":"001-demo"})"});
  ProcessOptions batch;
  batch.stdin_data =
      R"({"event_type":"TagsAdded","entity_id":"WP02","entity_type":"WorkPackage","payload":{"tags":["x"]},"causation_id":null})"
      "\n"
      R"({"event_type":"GateCreated","entity_id":"gate-sec","entity_type":"Gate","actor":"bot","payload":{"work_package_id":"WP02","gate_type":"SECURITY_SCAN","gate_id":"gate-sec"}})"
      "\n";
  KittylogOk(repo, {"emit", "--stdin"}, batch);

  std::vector<Case> cases;
  std::set<std::string> types;
  for (const std::string& line : LogLines(repo)) {
    cases.push_back({fmt::format("workflow:{}", cases.size() + 1), "EventV1", line});
    size_t at = line.find("\"event_type\":\"");
    if (at != std::string::npos) types.insert(line.substr(at + 14, line.find('"', at + 14) - at - 14));
  }
  EXPECT_EQ(types.size(), 9u) << "the workflow should write every event type";

  // `kittylog demo`: three worktrees, merged through the driver.
  ProcessOptions demo_env;
  demo_env.env["TMPDIR"] = dir.path();
  ProcessResult demo = KittylogOk(dir.path(), {"demo"}, demo_env);
  size_t at = demo.out.find("scratch directory ");
  ASSERT_NE(at, std::string::npos) << demo.out;
  std::string scratch = demo.out.substr(at + 18, demo.out.find('\n', at) - at - 18);
  for (const char* worktree : {"repo", "alice", "bob"}) {
    for (const std::string& line : LogLines(scratch + "/" + worktree)) {
      cases.push_back({fmt::format("demo:{}:{}", worktree, cases.size() + 1), "EventV1", line});
    }
  }
  ASSERT_GT(cases.size(), 30u);
  for (const auto& [name, verdict] : Validate(cases)) {
    EXPECT_EQ(verdict.first, "valid") << name << ": " << verdict.second;
  }
}

// Entries that kittylog refuses although each of their JSON documents is valid on its own.
const std::map<std::string, std::string> kRefusedForOtherReasons = {
    {"duplicate_id_different_bytes", "each line is a valid event; a duplicated id is a rule of the log (verify)"},
    {"clock_file_at_maximum", "the hostile input is the clock file; the event is valid"},
};

TEST(SchemaValidationTest, SchemasRefuseWhatKittylogRefusesInTheBadInputCatalogue) {
  // The checkout of tests/bad_input/bad_input_test.cc: `kittylog init`, two events at noon.
  TempDir checkout_template;
  ProcessOptions at_noon;
  at_noon.env["KITTYLOG_NOW"] = kNoon;
  KittylogOk(checkout_template.path(), {"init"});
  for (const char* wp : {"WP01", "WP02"}) {
    KittylogOk(checkout_template.path(), {"emit", "TagsAdded", "--entity", wp, "--entity-type", "WorkPackage",
                                          "--payload", R"({"tags":["good"]})"},
               at_noon);
  }
  std::vector<Case> cases;
  std::map<std::string, std::vector<std::string>> documents;  // entry -> its case names
  for (const BadInput& entry : Catalogue()) {
    if (entry.args.empty() || entry.args[0] == "kittylog-merge") continue;
    std::vector<std::pair<std::string, std::string>> found;  // schema, bytes
    if (entry.args[0] == "emit" && entry.args.size() > 1 && entry.args[1] == "--stdin") {
      for (const std::string& line : SplitLines(entry.stdin_data)) {
        if (line.find_first_not_of(" \t\r") != std::string::npos) found.emplace_back("EmitRequestV1", line);
      }
    } else if (entry.args[0] == "emit") {
      std::string actor = "test-actor";
      for (const auto& [key, value] : entry.env) {
        if (key == "KITTYLOG_ACTOR") actor = value;
      }
      found.emplace_back("EventV1", EventFromEmitArgs(entry.args, actor));
    } else if (entry.plant) {
      // A copy of the checkout the catalogue's runner makes; the lines the plant added or changed.
      TempDir dir, scratch;
      std::filesystem::copy(checkout_template.path(), dir.path(), std::filesystem::copy_options::recursive);
      Checkout checkout{dir.path(), dir.path() + "/.kittify/events/2026-01-27.jsonl", scratch.path(), {}};
      checkout.lines = SplitLines(ReadFileOrEmpty(checkout.day));
      entry.plant(checkout);
      std::set<std::string> before(checkout.lines.begin(), checkout.lines.end());
      std::error_code error;
      if (std::filesystem::is_regular_file(std::filesystem::symlink_status(checkout.day, error))) {
        for (const std::string& line : SplitLines(ReadFileOrEmpty(checkout.day))) {
          if (!before.count(line)) found.emplace_back("EventV1", line);
        }
      }
    }
    for (size_t i = 0; i < found.size(); ++i) {
      std::string name = fmt::format("{}#{}", entry.name, i + 1);
      cases.push_back({name, found[i].first, found[i].second});
      documents[entry.name].push_back(name);
    }
  }
  std::map<std::string, std::pair<std::string, std::string>> verdicts = Validate(cases);

  size_t refused_by_schema = 0, not_json = 0;
  for (const BadInput& entry : Catalogue()) {
    if (!documents.count(entry.name)) continue;
    std::set<std::string> seen;
    for (const std::string& name : documents[entry.name]) seen.insert(verdicts[name].first);
    if (entry.exit_code == 1 && !kRefusedForOtherReasons.count(entry.name)) {
      // kittylog refused it: one document at least is not JSON or is refused by the schemas.
      EXPECT_TRUE(seen.count("invalid") || seen.count("not-json")) << entry.name << ": every document is valid";
      if (seen.count("invalid")) {
        ++refused_by_schema;
      } else if (seen.count("not-json")) {
        ++not_json;
      }
    }
    bool written = entry.exit_code == 0 && entry.args[0] == "emit";
    if (written) {
      // kittylog wrote it: the schemas accept it.
      for (const std::string& name : documents[entry.name]) {
        EXPECT_EQ(verdicts[name].first, "valid") << name << ": " << verdicts[name].second;
      }
    }
  }
  std::printf("catalogue: %zu refused entries caught by the schemas, %zu by JSON itself\n", refused_by_schema, not_json);
  EXPECT_GE(refused_by_schema, 15u);
}

// One valid payload per event type, as (key, raw JSON value) pairs.
struct Sample {
  std::string type, entity_type, entity;
  std::vector<std::pair<std::string, std::string>> fields;
};

const std::vector<Sample> kSamples = {
    {"SpecCreated", "FeatureSpec", "001-demo",
     {{"feature_slug", R"("001-demo")"}, {"title", R"("T")"}, {"mission", R"("m")"}, {"created_by", R"("me")"}}},
    {"WPCreated", "WorkPackage", "WP01",
     {{"feature_slug", R"("001-demo")"}, {"work_package_id", R"("WP01")"}, {"title", R"("T")"}, {"dependencies", R"(["WP00"])"}}},
    {"WPStatusChanged", "WorkPackage", "WP01",
     {{"feature_slug", R"("001-demo")"}, {"old_status", R"("planned")"}, {"new_status", R"("doing")"}, {"reason", R"("r")"},
      {"gate_results", R"([{"gate_type":"CI_CHECK","status":"passed","details":{"a":1}}])"},
      {"dependency_status", R"({"all_complete":true,"incomplete_dependencies":[]})"}, {"forced", "true"}}},
    {"WorkspaceCreated", "Workspace", "ws-WP01",
     {{"work_package_id", R"("WP01")"}, {"worktree_path", R"("../wt")"}, {"branch_name", R"("wp01")"},
      {"feature_slug", R"("001-demo")"}}},
    {"SubtaskCompleted", "Subtask", "WP01-0",
     {{"work_package_id", R"("WP01")"}, {"subtask_index", "0"}, {"subtask_text", R"("t")"}, {"feature_slug", R"("001-demo")"}}},
    {"GateCreated", "Gate", "g1",
     {{"work_package_id", R"("WP01")"}, {"gate_type", R"("CI_CHECK")"}, {"gate_id", R"("g1")"}, {"feature_slug", R"("001-demo")"}}},
    {"GateResultChanged", "Gate", "g1",
     {{"gate_id", R"("g1")"}, {"old_status", R"("pending")"}, {"new_status", R"("passed")"}, {"result_data", R"({"x":[1]})"}}},
    {"TagsAdded", "WorkPackage", "WP01", {{"tags", R"(["a","b"])"}, {"feature_slug", R"("001-demo")"}}},
    {"CounterIncremented", "WorkPackage", "WP01", {{"counter", R"("c")"}, {"delta", "-3"}, {"feature_slug", R"("001-demo")"}}},
};

std::string Payload(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out = "{";
  for (const auto& [key, value] : fields) out += (out.size() > 1 ? "," : "") + Quote(key) + ":" + value;
  return out + "}";
}

// A value of another JSON type than `value`.
std::string WrongType(const std::string& value) {
  if (value.starts_with('"')) return "7";
  if (value.starts_with('[')) return R"({"a":1})";
  if (value.starts_with('{')) return "[1]";
  return R"("7")";
}

TEST(SchemaValidationTest, KittylogAndTheSchemasAgreeOnEachPayloadRule) {
  TempDir dir;
  KittylogOk(dir.path(), {"init"});
  std::vector<Case> cases;
  std::map<std::string, int> kittylog_exit;
  auto emit = [&](const std::string& name, const Sample& sample, const std::string& payload) {
    std::vector<std::string> args = {"emit", sample.type, "--entity", sample.entity, "--entity-type", sample.entity_type,
                                     "--payload", payload};
    ProcessResult result = Kittylog(dir.path(), args);
    EXPECT_LE(result.exit_code, 1) << name << ": " << result.err;
    kittylog_exit[name] = result.exit_code;
    cases.push_back({name, "EventV1", EventFromEmitArgs(args, "test-actor")});
  };
  for (const Sample& sample : kSamples) {
    emit(sample.type + ":valid", sample, Payload(sample.fields));
    for (size_t i = 0; i < sample.fields.size(); ++i) {
      auto without = sample.fields;  // required or optional: kittylog and the schema say the same
      without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
      emit(sample.type + ":without:" + sample.fields[i].first, sample, Payload(without));
      auto wrong = sample.fields;
      wrong[i].second = WrongType(wrong[i].second);
      emit(sample.type + ":wrong-type:" + sample.fields[i].first, sample, Payload(wrong));
    }
    auto extra = sample.fields;
    extra.emplace_back("unknown_field", "1");
    emit(sample.type + ":unknown-field", sample, Payload(extra));
  }
  size_t refused = 0;
  for (const auto& [name, verdict] : Validate(cases)) {
    EXPECT_EQ(verdict.first, kittylog_exit[name] == 0 ? "valid" : "invalid")
        << name << ": kittylog emit exited " << kittylog_exit[name] << ", the schema says " << verdict.second;
    if (name.ends_with(":valid")) {
      EXPECT_EQ(kittylog_exit[name], 0) << name;
    } else if (name.find(":wrong-type:") != std::string::npos || name.ends_with(":unknown-field")) {
      EXPECT_EQ(kittylog_exit[name], 1) << name;
    }
    refused += kittylog_exit[name] == 1;
  }
  EXPECT_GT(refused, 40u);
}

}  // namespace
}  // namespace kittylog::testing
