// Randomised properties of MergeEventLogs over thousands of generated three-way cases:
// superset of every input's events, no duplicate id, total order, same bytes when ours and
// theirs swap, merge(x, x, x) == x for a canonical x, the same bytes whatever order three
// branches are merged in, and the fast path giving exactly the full parse's bytes.
#include <algorithm>
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "event/event.h"
#include "merge/merge.h"
#include "tests/support/merge_test_support.h"

namespace kittylog::merge {
namespace {

using testing::EventLine;
using testing::IdFor;
using testing::LineSpec;
using testing::Lines;
using testing::Log;

constexpr int kCases = 3000;

class CaseGenerator {
 public:
  explicit CaseGenerator(uint64_t seed) : rng_(seed) {}

  int Uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }
  bool Chance(int percent) { return Uniform(1, 100) <= percent; }

  std::string NewEvent(int64_t clock) {
    LineSpec spec;
    spec.id = IdFor(++next_id_ * 7919 % 1000003);  // ids not in clock order
    spec.clock = clock;
    spec.entity = "WP0" + std::to_string(Uniform(1, 3));
    static const char* kLanes[] = {"planned", "doing", "for_review", "done", "rejected"};
    spec.old_status = kLanes[Uniform(0, 4)];
    spec.new_status = kLanes[Uniform(0, 4)];
    return EventLine(spec);
  }

  // A canonical log: sorted, unique ids.
  std::string Base(int64_t* max_clock) {
    std::vector<std::string> lines;
    int count = Uniform(0, 25);
    int64_t clock = 0;
    for (int i = 0; i < count; ++i) {
      clock += Uniform(0, 2);
      lines.push_back(NewEvent(std::max<int64_t>(clock, 1)));
    }
    *max_clock = std::max<int64_t>(clock, 1);
    return Canonical(lines);
  }

  // A branch of `base`: appends new events (some ordering before the base's end), and now and
  // then rewrites or drops a base event, adds a non-event line, or uses CRLF.
  std::string Branch(const std::string& base, int64_t max_clock, bool messy) {
    std::vector<std::string> lines = Lines(base);
    if (messy && !lines.empty() && Chance(15)) {
      std::string& line = lines[static_cast<size_t>(Uniform(0, static_cast<int>(lines.size()) - 1))];
      line = Rewrite(line);
    }
    if (messy && !lines.empty() && Chance(10)) lines.erase(lines.begin() + Uniform(0, static_cast<int>(lines.size()) - 1));
    int added = Uniform(0, 8);
    for (int i = 0; i < added; ++i) {
      int64_t clock = Chance(20) ? Uniform(1, static_cast<int>(max_clock)) : max_clock + Uniform(1, 5);
      lines.push_back(NewEvent(clock));
    }
    if (messy && Chance(10)) lines.push_back(Chance(50) ? "<<<<<<< HEAD" : "{\"not\":\"an event\"}");
    if (messy && Chance(5)) lines.push_back(R"({"event_id":")" + IdFor(++next_id_ + 5000000) + R"(","lamport_clock":-3})");
    std::string out;
    bool crlf = messy && Chance(5);
    for (const std::string& line : lines) out += line + (crlf ? "\r\n" : "\n");
    if (!out.empty() && messy && Chance(5)) out.pop_back();  // no final newline
    return out;
  }

  // Keeps the id and clock of `line`, changes its payload.
  std::string Rewrite(const std::string& line) {
    std::string changed = line;
    size_t at = changed.find("\"actor\":\"agent\"");
    if (at != std::string::npos) changed.replace(at, 15, "\"actor\":\"editor" + std::to_string(Uniform(1, 3)) + "\"");
    return changed;
  }

  static std::string Canonical(std::vector<std::string> lines) {
    return MergeEventLogs("", Log(lines), "").output;
  }

 private:
  std::mt19937_64 rng_;
  uint64_t next_id_ = 0;
};

struct Parsed {
  int64_t clock = 0;
  std::string id;
  bool is_event = false;
};

Parsed Parse(const std::string& line) {
  static simdjson::dom::parser parser;
  Parsed parsed;
  simdjson::padded_string padded(line);
  simdjson::dom::element root;
  if (parser.parse(padded).get(root)) return parsed;
  simdjson::dom::object object;
  if (root.get_object().get(object)) return parsed;
  std::string_view id;
  if (object["event_id"].get_string().get(id)) return parsed;
  int64_t clock;  // DESIGN §2: without a clock in 1..2^53-1 a line is not an event
  if (object["lamport_clock"].get_int64().get(clock) || !IsValidLamportClock(clock)) return parsed;
  parsed.id = std::string(id);
  parsed.is_event = true;
  parsed.clock = clock;
  return parsed;
}

std::string Stripped(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

void CheckInvariants(const std::vector<std::string>& inputs, const MergeResult& result, const std::string& context) {
  std::vector<std::string> out = Lines(result.output);
  ASSERT_TRUE(result.output.empty() || result.output.back() == '\n') << context;
  std::set<std::string> out_lines(out.begin(), out.end());
  std::set<std::string> ids;
  bool in_events = true;
  Parsed previous;
  for (const std::string& line : out) {
    Parsed parsed = Parse(line);
    if (!parsed.is_event) {
      in_events = false;
      continue;
    }
    ASSERT_TRUE(in_events) << "event after a non-event line\n" << context;
    ASSERT_TRUE(ids.insert(parsed.id).second) << "duplicate id " << parsed.id << "\n" << context;
    if (ids.size() > 1) {
      ASSERT_TRUE(std::tie(previous.clock, previous.id) < std::tie(parsed.clock, parsed.id)) << "order\n" << context;
    }
    previous = parsed;
  }
  for (const std::string& input : inputs) {
    for (const std::string& raw : Lines(input)) {
      std::string line = Stripped(raw);
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      Parsed parsed = Parse(line);
      if (parsed.is_event) {
        ASSERT_TRUE(ids.count(parsed.id)) << "lost event " << parsed.id << "\n" << context;
      } else {
        ASSERT_TRUE(out_lines.count(line)) << "lost line " << line << "\n" << context;
      }
    }
  }
  std::set<std::string> input_lines;
  for (const std::string& input : inputs) {
    for (const std::string& raw : Lines(input)) input_lines.insert(Stripped(raw));
  }
  for (const std::string& line : out) ASSERT_TRUE(input_lines.count(line)) << "invented line " << line << "\n" << context;
}

std::string Describe(const std::string& base, const std::string& ours, const std::string& theirs) {
  return "--- base\n" + base + "--- ours\n" + ours + "--- theirs\n" + theirs;
}

MergeResult Full(std::string_view base, std::string_view ours, std::string_view theirs) {
  MergeOptions options;
  options.fast_path = false;
  return MergeEventLogs(base, ours, theirs, options);
}

TEST(MergePropertyTest, InvariantsHoldOnRandomThreeWayCases) {
  CaseGenerator gen(20260127);
  int fast_paths = 0;
  for (int i = 0; i < kCases; ++i) {
    int64_t max_clock;
    std::string base = gen.Base(&max_clock);
    bool messy = gen.Chance(40);
    std::string ours = gen.Branch(base, max_clock, messy);
    std::string theirs = gen.Branch(base, max_clock, messy);
    std::string context = Describe(base, ours, theirs);
    MergeResult result = MergeEventLogs(base, ours, theirs);
    fast_paths += result.stats.fast_path ? 1 : 0;
    CheckInvariants({base, ours, theirs}, result, context);
    MergeResult swapped = MergeEventLogs(base, theirs, ours);
    ASSERT_EQ(result.output, swapped.output) << "swap\n" << context;
    ASSERT_EQ(result.conflict(), swapped.conflict()) << context;
    ASSERT_EQ(result.output, Full(base, ours, theirs).output) << "fast path differs from the full parse\n" << context;
    if (!result.conflict()) {
      // The output is canonical: merging it with itself changes nothing.
      ASSERT_EQ(MergeEventLogs(result.output, result.output, result.output).output, result.output) << context;
    }
    if (::testing::Test::HasFatalFailure()) return;
  }
  EXPECT_GT(fast_paths, kCases / 4);  // the generator exercises the fast path too
}

TEST(MergePropertyTest, CanonicalLogIsAFixedPoint) {
  CaseGenerator gen(7);
  for (int i = 0; i < kCases; ++i) {
    int64_t max_clock;
    std::string x = gen.Base(&max_clock);
    MergeResult result = MergeEventLogs(x, x, x);
    ASSERT_EQ(result.output, x);
    ASSERT_TRUE(result.report.empty());
    ASSERT_EQ(Full(x, x, x).output, x);
  }
}

TEST(MergePropertyTest, ThreeBranchesGiveTheSameBytesInAnyMergeOrder) {
  CaseGenerator gen(99);
  for (int i = 0; i < kCases; ++i) {
    int64_t max_clock;
    std::string base = gen.Base(&max_clock);
    std::string a = gen.Branch(base, max_clock, false);
    std::string b = gen.Branch(base, max_clock, false);
    std::string c = gen.Branch(base, max_clock, false);
    auto merge = [&](const std::string& x, const std::string& y) { return MergeEventLogs(base, x, y).output; };
    std::string ab_c = merge(merge(a, b), c);
    std::string a_bc = merge(a, merge(b, c));
    std::string ac_b = merge(merge(a, c), b);
    std::string c_ba = merge(c, merge(b, a));
    std::string context = "--- base\n" + base + "--- a\n" + a + "--- b\n" + b + "--- c\n" + c;
    ASSERT_EQ(ab_c, a_bc) << context;
    ASSERT_EQ(ab_c, ac_b) << context;
    ASSERT_EQ(ab_c, c_ba) << context;
    MergeResult merged;
    merged.output = ab_c;
    CheckInvariants({base, a, b, c}, merged, context);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(MergePropertyTest, RewritesOnThreeBranchesResolveTheSameInAnyOrder) {
  // Each branch may rewrite base events (one side changed: it wins; several: a deterministic
  // pick), so the pick itself must not depend on the merge order.
  CaseGenerator gen(4242);
  for (int i = 0; i < kCases / 3; ++i) {
    int64_t max_clock;
    std::string base = gen.Base(&max_clock);
    std::vector<std::string> branches;
    for (int k = 0; k < 3; ++k) {
      std::vector<std::string> lines = Lines(base);
      for (std::string& line : lines) {
        if (gen.Chance(30)) line = gen.Rewrite(line);
      }
      branches.push_back(Log(lines));
    }
    auto merge = [&](const std::string& x, const std::string& y) { return MergeEventLogs(base, x, y).output; };
    std::string one = merge(merge(branches[0], branches[1]), branches[2]);
    std::string two = merge(branches[0], merge(branches[1], branches[2]));
    std::string three = merge(merge(branches[2], branches[0]), branches[1]);
    ASSERT_EQ(one, two) << base;
    ASSERT_EQ(one, three) << base;
  }
}

}  // namespace
}  // namespace kittylog::merge
