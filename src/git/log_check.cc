#include "git/log_check.h"

#include <array>
#include <map>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <simdjson.h>

#include "event/line_reader.h"

namespace kittylog::git {

std::vector<LogProblem> CheckEventLog(std::string_view bytes) {
  // The reader needs SIMDJSON_PADDING readable bytes after the data.
  std::unique_ptr<char[]> padded(new char[bytes.size() + simdjson::SIMDJSON_PADDING]());
  std::copy(bytes.begin(), bytes.end(), padded.get());
  std::vector<LogProblem> problems;
  std::map<std::string, size_t> first_line_of;
  std::optional<std::pair<int64_t, std::string>> previous;
  EventDecoder decoder;
  EventDecoder::Options options;
  options.keep_raw_line = false;
  ReadEventLines(
      std::string_view(padded.get(), bytes.size()), decoder, options,
      [&](Event&& event, size_t line) {
        auto [it, inserted] = first_line_of.try_emplace(event.event_id, line);
        if (!inserted) {
          problems.push_back({LogProblem::Kind::kDuplicateId, line,
                              fmt::format("duplicate event_id {} (first at line {})", event.event_id, it->second)});
          return;
        }
        if (previous && !TotalOrderLess(previous->first, previous->second, event.lamport_clock, event.event_id)) {
          problems.push_back({LogProblem::Kind::kDisorder, line,
                              fmt::format("out of order: clock {} {} after clock {} {}", event.lamport_clock,
                                          event.event_id, previous->first, previous->second)});
        }
        previous.emplace(event.lamport_clock, event.event_id);
      },
      [&](LineProblem&& problem) {
        if (problem.is_event) {
          if (problem.reason.find("torn tail") != std::string::npos) {
            problems.push_back({LogProblem::Kind::kTornTail, problem.line_number, "no final newline"});
          }
          return;  // soft problems (a bad clock) are verify's business, not merge damage
        }
        if (IsConflictMarker(problem.raw_line)) {  // the reader said "conflict marker" too
          problems.push_back({LogProblem::Kind::kConflictMarker, problem.line_number, "git conflict marker"});
        } else {
          problems.push_back({LogProblem::Kind::kMalformed, problem.line_number, "not an event: " + problem.reason});
        }
      });
  return problems;
}

std::string SummarizeProblems(const std::vector<LogProblem>& problems) {
  std::array<size_t, 5> counts{};
  for (const LogProblem& problem : problems) ++counts[static_cast<size_t>(problem.kind)];
  static constexpr std::array<std::string_view, 5> kSingular = {"conflict marker", "duplicate id", "malformed line",
                                                                "event out of order", "torn tail"};
  static constexpr std::array<std::string_view, 5> kPlural = {"conflict markers", "duplicate ids", "malformed lines",
                                                              "events out of order", "torn tails"};
  std::string summary;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0) continue;
    if (!summary.empty()) summary += ", ";
    summary += fmt::format("{} {}", counts[i], counts[i] == 1 ? kSingular[i] : kPlural[i]);
  }
  return summary;
}

}  // namespace kittylog::git
