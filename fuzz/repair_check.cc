// CheckRepair: see fuzz_checks.h.
//
// Two layers. CanonicalizeEventLog (merge/conflict_blocks.h) is the canonicalisation
// `repair` writes; it is pure and always checked. PlanRepair (src/repair/repair_plan.h) adds the
// accounting of every line (kept, quarantined, or a block marker); it is checked when
// KL_FUZZ_PLAN_REPAIR is defined (the corpus replay test, which links kl_repair).
#include <map>
#include <optional>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "event/event_codec.h"
#include "fuzz/fuzz_checks.h"
#include "fuzz/log_lines.h"
#include "merge/conflict_blocks.h"
#ifdef KL_FUZZ_PLAN_REPAIR
#include "repair/repair_plan.h"
#endif

namespace kittylog::fuzz {
namespace {

bool LooksLikeMarker(std::string_view line) {
  for (std::string_view marker : {"<<<<<<<", "|||||||", "=======", ">>>>>>>"}) {
    if (line.starts_with(marker)) return true;
  }
  return false;
}

// The event lines at the head of a canonical output (the non-event lines follow them).
std::string_view EventPart(const merge::MergeResult& result) {
  std::string_view out = result.output;
  size_t end = 0;
  for (size_t i = 0; i < result.stats.events_out; ++i) end = out.find('\n', end) + 1;
  return out.substr(0, end);
}

std::string CheckCanonicalize(std::string_view data, EventDecoder& decoder) {
  std::vector<LineInfo> lines = ClassifyLines(data, decoder);
  std::optional<merge::ConflictSplit> split = merge::SplitConflictBlocks(data);
  if (split) {
    // The markers of well-formed blocks are git's structure, not content: they may go.
    std::set<uint32_t> content;
    for (const auto& origin : split->origin) content.insert(origin.begin(), origin.end());
    std::vector<LineInfo> kept;
    for (LineInfo& info : lines) {
      if (content.count(static_cast<uint32_t>(info.number))) {
        kept.push_back(std::move(info));
      } else if (!LooksLikeMarker(info.line)) {
        return fmt::format("canonicalize: line {} dropped as a marker but is none", info.number);
      }
    }
    lines = std::move(kept);
  }
  merge::MergeResult result = merge::CanonicalizeEventLog(data);
  if (std::string problem = CheckCanonicalOutput("canonicalize", {lines}, result, decoder); !problem.empty()) {
    return problem;
  }
  std::string_view events = EventPart(result);
  merge::MergeResult again = merge::CanonicalizeEventLog(events);
  if (again.output != events) return "canonicalize: canonicalising the events of the result changes them";
  return "";
}

#ifdef KL_FUZZ_PLAN_REPAIR
std::vector<std::string_view> RawLines(std::string_view bytes) {
  std::vector<std::string_view> lines;
  for (size_t start = 0; start < bytes.size();) {
    size_t newline = bytes.find('\n', start);
    size_t end = newline == std::string_view::npos ? bytes.size() : newline;
    lines.push_back(bytes.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string CheckPlanRepair(std::string_view data, EventDecoder& decoder) {
  repair::RepairPlan plan = repair::PlanRepair(data);
  if (!plan.needed && plan.repaired != data) return "repair: not needed, yet the result differs from the input";
  if (plan.needed && plan.repaired == data) return "repair: needed, yet the result equals the input";
  const std::string& repaired = plan.repaired;
  if (!repaired.empty() && repaired.back() != '\n') return "repair: result does not end in a newline";

  std::set<std::string_view> kept_lines;
  std::set<std::string> kept_ids;
  std::vector<LineInfo> result = ClassifyLines(repaired, decoder);
  if (result.size() != RawLines(repaired).size()) return "repair: result holds blank lines";
  for (size_t i = 0; i < result.size(); ++i) {
    if (!result[i].is_event) return fmt::format("repair: result line {} is not an event", i + 1);
    if (!kept_ids.insert(result[i].id).second) return fmt::format("repair: result line {}: duplicate id", i + 1);
    if (i > 0 && !TotalOrderLess(result[i - 1].clock, result[i - 1].id, result[i].clock, result[i].id)) {
      return fmt::format("repair: result line {} is not in total order", i + 1);
    }
    kept_lines.insert(result[i].line);
  }
  if (result.size() != plan.events) return fmt::format("repair: {} events counted, {} in the result", plan.events, result.size());

  std::map<size_t, const repair::QuarantinedLine*> quarantined;
  for (const repair::QuarantinedLine& line : plan.quarantined) {
    if (!quarantined.emplace(line.line, &line).second) return fmt::format("repair: line {} quarantined twice", line.line);
    if (line.reason.empty() || line.reason.find('\n') != std::string::npos) {
      return fmt::format("repair: line {}: quarantine reason empty or spanning lines", line.line);
    }
  }
  std::vector<std::string_view> raw = RawLines(data);
  for (const auto& [number, line] : quarantined) {
    if (number < 1 || number > raw.size() || line->bytes != raw[number - 1]) {
      return fmt::format("repair: line {} quarantined with other bytes", number);
    }
  }
  for (const LineInfo& info : ClassifyLines(data, decoder)) {
    if (info.is_event && !kept_ids.count(info.id)) {
      return fmt::format("repair: event {:?} of line {} is lost", info.id, info.number);
    }
    if (kept_lines.count(info.line) || quarantined.count(info.number)) continue;
    if (plan.conflict_blocks > 0 && LooksLikeMarker(info.line)) continue;
    return fmt::format("repair: line {} is neither kept nor quarantined: {:?}", info.number, info.line.substr(0, 80));
  }
  repair::RepairPlan again = repair::PlanRepair(repaired);
  if (again.needed || again.repaired != repaired) return "repair: repairing the result changes it again";
  if (!again.quarantined.empty()) return "repair: repairing the result quarantines lines";
  return "";
}
#endif

}  // namespace

std::string CheckRepair(std::string_view data) {
  EventDecoder decoder;
  if (std::string problem = CheckCanonicalize(data, decoder); !problem.empty()) return problem;
#ifdef KL_FUZZ_PLAN_REPAIR
  if (std::string problem = CheckPlanRepair(data, decoder); !problem.empty()) return problem;
#endif
  return "";
}

}  // namespace kittylog::fuzz
