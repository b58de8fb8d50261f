#include "merge/merge.h"

#include <algorithm>
#include <array>
#include <bit>
#include <ctime>
#include <cstring>
#include <functional>
#include <tuple>

#include <fmt/format.h>

#include "merge/merge_lines.h"
#include "merge/merge_prefix.h"
#include "merge/merge_report.h"

namespace kittylog::merge {
namespace {

using Severity = ReportEntry::Severity;
using Kind = ReportEntry::Kind;

size_t Index(Side side) { return static_cast<size_t>(side); }

// CPU time of the calling thread, in milliseconds (for MergeStats).
double CpuNow() {
  struct timespec now {};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

// Everything one call needs; records point into the inputs and the arena.
class Merger {
 public:
  Merger(std::array<std::string_view, 3> inputs, const MergeOptions& options) : inputs_(inputs), options_(options) {}

  MergeResult Run(const ByteSink& sink);

 private:
  void ParseFrom(size_t offset, size_t first_line);
  size_t MovePrefixTail(std::string_view prefix, size_t lines, const EventKey& bound);
  void EmitLine(const LineRecord& record, const ByteSink& sink) const;
  void GroupById();
  void SortByKey(std::vector<EventOutcome>& outcomes) const;
  void Resolve(uint32_t head, EventOutcome& outcome);
  uint32_t Better(uint32_t a, uint32_t b) const;
  void Add(Severity severity, Kind kind, const LineRecord& record, std::string message);
  void ReportNonEvents(std::vector<uint32_t>& non_events);

  std::array<std::string_view, 3> inputs_;
  MergeOptions options_;
  StringArena arena_;
  LineParser parser_{&arena_};
  std::vector<LineRecord> records_;
  std::vector<uint32_t> group_heads_;
  MergeResult result_;
};

void Merger::ParseFrom(size_t offset, size_t first_line) {
  records_.clear();
  size_t bytes = 0;
  for (std::string_view input : inputs_) bytes += input.size() - std::min(offset, input.size());
  records_.reserve(bytes / 256 + 16);  // a guess (event lines are ~420 bytes) that saves most regrowth
  for (Side side : {Side::kBase, Side::kOurs, Side::kTheirs}) {
    std::string_view input = inputs_[Index(side)];
    parser_.ParseLines(input.substr(std::min(offset, input.size())), side, static_cast<uint32_t>(first_line),
                       side != Side::kBase, records_);
  }
}

// Moves the prefix lines that do not order before `bound` into the merge (as lines all three
// inputs hold) and returns the length of the prefix still emitted as it is.
size_t Merger::MovePrefixTail(std::string_view prefix, size_t lines, const EventKey& bound) {
  size_t split = prefix.size();
  uint32_t line_number = static_cast<uint32_t>(lines);
  while (split > 0) {
    size_t line_end = split - 1;  // the "\n" of this line
    const void* newline = line_end == 0 ? nullptr : ::memrchr(prefix.data(), '\n', line_end);
    size_t line_begin = newline == nullptr ? 0 : static_cast<size_t>(static_cast<const char*>(newline) - prefix.data()) + 1;
    LineRecord record;
    record.line = prefix.substr(line_begin, line_end - line_begin);
    EventKey key;
    ReadCanonicalKey(record.line, &key);  // checked by ScanPrefix
    if (KeyLess(key, bound)) break;
    record.id = key.id;
    record.clock = key.clock;
    record.newline_follows = true;  // every prefix line ends with "\n"
    record.line_number = line_number--;
    for (Side side : {Side::kBase, Side::kOurs, Side::kTheirs}) {
      record.side = side;
      records_.push_back(record);
    }
    split = line_begin;
  }
  return split;
}

// A line and its "\n" as one piece when its input has them side by side (the usual case), so a
// sink can hand the pieces to writev without copying.
void Merger::EmitLine(const LineRecord& record, const ByteSink& sink) const {
  if (record.newline_follows) {
    sink(std::string_view(record.line.data(), record.line.size() + 1));
  } else {
    sink(record.line);
    sink("\n");
  }
}

// Total order of the chosen lines; sorts compact keys rather than chasing records.
void Merger::SortByKey(std::vector<EventOutcome>& outcomes) const {
  struct Item {
    int64_t clock;
    std::string_view id;
    uint32_t outcome;
  };
  std::vector<Item> items;
  items.reserve(outcomes.size());
  for (uint32_t i = 0; i < outcomes.size(); ++i) {
    const LineRecord& record = records_[outcomes[i].chosen];
    items.push_back({record.clock, record.id, i});
  }
  std::sort(items.begin(), items.end(),
            [](const Item& a, const Item& b) { return std::tie(a.clock, a.id) < std::tie(b.clock, b.id); });
  std::vector<EventOutcome> sorted;
  sorted.reserve(outcomes.size());
  for (const Item& item : items) sorted.push_back(outcomes[item.outcome]);
  outcomes = std::move(sorted);
}

// Chains the records of each event_id (open addressing; a slot keeps 32 bits of the hash next
// to the group so that most probes never touch a record).
void Merger::GroupById() {
  std::vector<uint64_t> slots(std::max<size_t>(16, std::bit_ceil(records_.size() * 2 + 1)), 0);
  std::vector<uint32_t> tails;
  size_t mask = slots.size() - 1;
  for (uint32_t index = 0; index < records_.size(); ++index) {
    LineRecord& record = records_[index];
    if (!record.is_event()) continue;
    uint64_t hash = std::hash<std::string_view>{}(record.id);
    uint64_t tag = hash >> 32 << 32;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      if (slots[i] == 0) {
        slots[i] = tag | (group_heads_.size() + 1);
        group_heads_.push_back(index);
        tails.push_back(index);
        break;
      }
      if ((slots[i] & ~uint64_t{0xFFFFFFFF}) != tag) continue;
      uint32_t group = static_cast<uint32_t>(slots[i] & 0xFFFFFFFF) - 1;
      if (records_[group_heads_[group]].id == record.id) {
        records_[tails[group]].next_same_id = index;
        tails[group] = index;
        break;
      }
    }
  }
}

// The line that wins a conflict: the later write (higher clock), then the bytewise smaller.
uint32_t Merger::Better(uint32_t a, uint32_t b) const {
  const LineRecord& x = records_[a];
  const LineRecord& y = records_[b];
  if (x.clock != y.clock) return x.clock > y.clock ? a : b;
  return y.line < x.line ? b : a;
}

void Merger::Add(Severity severity, Kind kind, const LineRecord& record, std::string message) {
  ReportEntry entry;
  entry.severity = severity;
  entry.kind = kind;
  entry.side = record.side;
  entry.line = record.line_number;
  entry.event_id.assign(record.id);
  entry.message = std::move(message);
  if (severity == Severity::kConflict) result_.status = MergeStatus::kConflict;
  result_.report.push_back(std::move(entry));
}

// The three-way rule of DESIGN §8 for one event_id (records chained from `head`).
void Merger::Resolve(uint32_t head, EventOutcome& outcome) {
  std::array<uint32_t, 3> first{kNoRecord, kNoRecord, kNoRecord};
  bool several_versions = false;
  uint32_t best = kNoRecord;  // the conflict pick among ours' and theirs' lines (base: no side has it)
  for (uint32_t index = head; index != kNoRecord; index = records_[index].next_same_id) {
    const LineRecord& record = records_[index];
    uint32_t& seen = first[Index(record.side)];
    if (record.side != Side::kBase) best = best == kNoRecord ? index : Better(best, index);
    if (seen == kNoRecord) {
      seen = index;
    } else if (records_[seen].line == record.line) {
      Add(Severity::kWarning, Kind::kDuplicate, record,
          fmt::format("event {} repeats line {}: kept once", record.id, records_[seen].line_number));
    } else {
      several_versions = true;
    }
  }
  for (size_t s = 0; s < 3; ++s) outcome.present[s] = first[s] != kNoRecord;
  if (best == kNoRecord) best = first[Index(Side::kBase)];
  uint32_t base = first[Index(Side::kBase)], ours = first[Index(Side::kOurs)], theirs = first[Index(Side::kTheirs)];
  auto same = [&](uint32_t a, uint32_t b) { return records_[a].line == records_[b].line; };
  auto conflict = [&](std::string what) {
    const LineRecord& winner = records_[best];
    Add(Severity::kConflict, Kind::kConflictingEvent, winner,
        fmt::format("event {} {}: kept the {} line (higher lamport_clock, then bytewise smaller)", winner.id, what,
                    SideName(winner.side)));
    outcome.chosen = best;
  };
  if (several_versions) {
    conflict("has different lines within one input");
  } else if (ours != kNoRecord && theirs != kNoRecord) {
    if (same(ours, theirs)) {
      outcome.chosen = ours;
    } else if (base != kNoRecord && (same(ours, base) || same(theirs, base))) {
      outcome.chosen = same(ours, base) ? theirs : ours;
      Add(Severity::kWarning, Kind::kChangedOnOneSide, records_[outcome.chosen],
          fmt::format("event {} was changed on {} only: that line kept", records_[outcome.chosen].id,
                      SideName(records_[outcome.chosen].side)));
    } else {
      conflict(base == kNoRecord ? "differs between ours and theirs" : "was changed differently on both sides");
    }
  } else if (ours != kNoRecord || theirs != kNoRecord) {
    outcome.chosen = ours != kNoRecord ? ours : theirs;
    if (base != kNoRecord) {
      Add(Severity::kWarning, Kind::kMissingOnSide, records_[base],
          fmt::format("event {} is missing on {}: kept (the log is append-only)", records_[base].id,
                      ours != kNoRecord ? "theirs" : "ours"));
    }
  } else {
    outcome.chosen = base;
    Add(Severity::kWarning, Kind::kMissingOnSide, records_[base],
        fmt::format("event {} is missing on ours and theirs: kept (the log is append-only)", records_[base].id));
  }
}

// Sorts the non-event lines by bytes, keeps one of each, reports each once (first occurrence).
void Merger::ReportNonEvents(std::vector<uint32_t>& non_events) {
  std::sort(non_events.begin(), non_events.end(), [&](uint32_t a, uint32_t b) {
    const LineRecord& x = records_[a];
    const LineRecord& y = records_[b];
    return std::tie(x.line, x.side, x.line_number) < std::tie(y.line, y.side, y.line_number);
  });
  size_t kept = 0;
  for (size_t i = 0; i < non_events.size();) {
    size_t j = i + 1;
    while (j < non_events.size() && records_[non_events[j]].line == records_[non_events[i]].line) ++j;
    const LineRecord& record = records_[non_events[i]];
    std::string also;
    for (size_t k = i + 1; k < j && k < i + 4; ++k) {
      also += fmt::format("{} {}:{}", k == i + 1 ? "; also at" : ",", SideName(records_[non_events[k]].side),
                          records_[non_events[k]].line_number);
    }
    std::string problem = DescribeProblem(record);
    Add(Severity::kWarning, Kind::kNotAnEvent, record,
        fmt::format("not an event ({}): \"{}\" kept after the events{}", problem, Excerpt(record.line), also));
    result_.report.back().problem = std::move(problem);
    non_events[kept++] = non_events[i];
    i = j;
  }
  non_events.resize(kept);
}

MergeResult Merger::Run(const ByteSink& sink) {
  double start = CpuNow();
  std::string_view ours = inputs_[Index(Side::kOurs)];
  IdHashSet prefix_ids;
  Prefix scan;
  if (options_.fast_path) scan = FindPrefix(inputs_, options_, prefix_ids);
  double prefix_done = CpuNow();
  size_t cut = scan.cut;
  ParseFrom(cut, cut > 0 ? scan.lines + 1 : 1);
  bool have_tail_event = false;
  bool repeats_prefix_id = false;
  EventKey lowest;
  for (const LineRecord& record : records_) {
    if (!record.is_event()) continue;
    if (cut > 0 && prefix_ids.Contains(IdHashSet::Hash(record.id))) {
      repeats_prefix_id = true;
      break;
    }
    if (!have_tail_event || KeyLess(record.key(), lowest)) lowest = record.key();
    have_tail_event = true;
  }
  if (repeats_prefix_id) {  // an added line has an id of the prefix: merge everything
    cut = 0;
    have_tail_event = false;
    ParseFrom(0, 1);
  }
  size_t emitted_prefix = cut;
  size_t prefix_lines = cut > 0 ? scan.lines : 0;
  if (cut > 0 && have_tail_event && !KeyLess(scan.last, lowest)) {
    size_t before = records_.size();
    emitted_prefix = MovePrefixTail(ours.substr(0, cut), scan.lines, lowest);
    prefix_lines -= (records_.size() - before) / 3;
  }

  double parse_done = CpuNow();
  GroupById();
  std::vector<EventOutcome> outcomes(group_heads_.size());
  for (size_t g = 0; g < group_heads_.size(); ++g) Resolve(group_heads_[g], outcomes[g]);
  ReportConcurrentChanges(records_, outcomes, result_.report);  // before sorting: records in file order
  SortByKey(outcomes);
  std::vector<uint32_t> non_events;
  for (uint32_t index = 0; index < records_.size(); ++index) {
    if (!records_[index].is_event()) non_events.push_back(index);
  }
  ReportNonEvents(non_events);

  MergeStats& stats = result_.stats;
  stats.fast_path = emitted_prefix > 0;
  stats.prefix_bytes = emitted_prefix;
  stats.prefix_lines = prefix_lines;
  stats.parsed_lines = parser_.parsed_lines();
  stats.events_out = prefix_lines + outcomes.size();
  stats.non_events_out = non_events.size();

  double resolve_done = CpuNow();
  if (emitted_prefix > 0) sink(ours.substr(0, emitted_prefix));
  for (const EventOutcome& outcome : outcomes) EmitLine(records_[outcome.chosen], sink);
  for (uint32_t index : non_events) EmitLine(records_[index], sink);
  double emit_done = CpuNow();
  stats.prefix_ms = prefix_done - start;
  stats.parse_ms = parse_done - prefix_done;
  stats.resolve_ms = resolve_done - parse_done;
  stats.emit_ms = emit_done - resolve_done;
  return std::move(result_);
}

}  // namespace

MergeResult MergeEventLogsTo(std::string_view base, std::string_view ours, std::string_view theirs,
                             const MergeOptions& options, const ByteSink& sink) {
  Merger merger({base, ours, theirs}, options);
  return merger.Run(sink);
}

MergeResult MergeEventLogs(std::string_view base, std::string_view ours, std::string_view theirs,
                           const MergeOptions& options) {
  std::string output;
  output.reserve(std::max(ours.size(), theirs.size()) + 64);
  MergeResult result = MergeEventLogsTo(base, ours, theirs, options, [&](std::string_view bytes) { output.append(bytes); });
  result.output = std::move(output);
  return result;
}

}  // namespace kittylog::merge
