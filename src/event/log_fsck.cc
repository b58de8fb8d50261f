#include "event/log_fsck.h"

#include <algorithm>
#include <array>
#include <limits>
#include <memory>

#include <fmt/format.h>
#include <simdjson.h>

#include "event/conflict_markers.h"

namespace kittylog {
namespace {

LogProblem FromLineProblem(const LineProblem& problem) {
  if (problem.is_event) {
    if (problem.torn_tail) return {LogProblem::Kind::kTornTail, problem.line_number, problem.reason, "no final newline"};
    return {LogProblem::Kind::kSoftProblem, problem.line_number, problem.reason, problem.reason};
  }
  if (IsConflictMarker(problem.raw_line)) {
    return {LogProblem::Kind::kConflictMarker, problem.line_number, problem.reason, "git conflict marker"};
  }
  return {LogProblem::Kind::kMalformed, problem.line_number, problem.reason, "not an event: " + problem.reason};
}

// Read is tolerant (DESIGN §2): a line with an event_id is an event and is kept, but one that
// names no type or entity cannot be replayed by anything.
void CheckNames(const Event& event, size_t line, std::vector<LogProblem>& problems) {
  for (auto [field, value] : {std::pair<const char*, const std::string*>{"event_type", &event.event_type},
                              {"entity_id", &event.entity_id}, {"entity_type", &event.entity_type}}) {
    if (!value->empty()) continue;
    std::string text = fmt::format("{} is missing or empty", field);
    problems.push_back({LogProblem::Kind::kUnnamed, line, text, text});
  }
}

}  // namespace

bool LogProblem::IsLineProblem() const {
  switch (kind) {
    case Kind::kConflictMarker:
    case Kind::kMalformed:
    case Kind::kTornTail:
    case Kind::kSoftProblem: return true;
    case Kind::kDuplicateId:
    case Kind::kDisorder:
    case Kind::kUnnamed: return false;
  }
  return false;
}

std::vector<LogProblem> LogFsck::CheckFile(std::string_view label, const LogContents& contents) {
  const auto file = static_cast<uint32_t>(labels_.size());
  labels_.emplace_back(label);
  std::vector<LogProblem> problems;
  size_t next_line_problem = 0;
  auto line_problems_up_to = [&](size_t line) {
    for (; next_line_problem < contents.problems.size() && contents.problems[next_line_problem].line_number <= line;
         ++next_line_problem) {
      problems.push_back(FromLineProblem(contents.problems[next_line_problem]));
    }
  };
  const Event* previous = nullptr;
  for (size_t i = 0; i < contents.events.size(); ++i) {
    const Event& event = contents.events[i];
    const size_t line = contents.line_numbers[i];
    line_problems_up_to(line);
    CheckNames(event, line, problems);
    auto [it, inserted] = first_seen_.try_emplace(event.event_id, Seen{file, line});
    if (!inserted) {
      const Seen first = it->second;
      std::string text =
          fmt::format("duplicate event_id {} (first at {}:{})", event.event_id, labels_[first.file], first.line);
      // The hook's words name only the line when the first copy is in the same file.
      std::string brief = first.file == file
                              ? fmt::format("duplicate event_id {} (first at line {})", event.event_id, first.line)
                              : text;
      problems.push_back({LogProblem::Kind::kDuplicateId, line, std::move(text), std::move(brief)});
      if (first.file == file) continue;  // the copy repair removes: not part of this file's order
    } else if (previous != nullptr && !TotalOrderLess(*previous, event)) {
      std::string text = fmt::format("out of order: clock {} {} after clock {} {}", event.lamport_clock, event.event_id,
                                     previous->lamport_clock, previous->event_id);
      problems.push_back({LogProblem::Kind::kDisorder, line, text, text});
    }
    previous = &event;
  }
  line_problems_up_to(std::numeric_limits<size_t>::max());
  return problems;
}

std::optional<LogFsck::Location> LogFsck::FirstSeen(const std::string& event_id) const {
  auto it = first_seen_.find(event_id);
  if (it == first_seen_.end()) return std::nullopt;
  return Location{labels_[it->second.file], it->second.line};
}

std::vector<LogProblem> CheckEventLog(std::string_view bytes) {
  // The reader needs SIMDJSON_PADDING readable bytes after the data.
  return CheckEventLog(platform::PaddedCopy(bytes, simdjson::SIMDJSON_PADDING));
}

std::vector<LogProblem> CheckEventLog(const platform::PaddedBuffer& padded) {
  EventDecoder::Options options;
  options.keep_raw_line = false;
  LogFsck fsck;
  std::vector<LogProblem> problems = fsck.CheckFile("", ReadLogContents(padded.view(), options));
  std::erase_if(problems, [](const LogProblem& problem) { return !problem.IsMergeDamage(); });
  return problems;
}

std::string SummarizeProblems(const std::vector<LogProblem>& problems) {
  static constexpr std::array<std::string_view, 5> kSingular = {"conflict marker", "duplicate id", "malformed line",
                                                                "event out of order", "torn tail"};
  static constexpr std::array<std::string_view, 5> kPlural = {"conflict markers", "duplicate ids", "malformed lines",
                                                              "events out of order", "torn tails"};
  std::array<size_t, 5> counts{};
  for (const LogProblem& problem : problems) {
    if (problem.IsMergeDamage()) ++counts[static_cast<size_t>(problem.kind)];
  }
  std::string summary;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0) continue;
    if (!summary.empty()) summary += ", ";
    summary += fmt::format("{} {}", counts[i], counts[i] == 1 ? kSingular[i] : kPlural[i]);
  }
  return summary;
}

}  // namespace kittylog
