// The warning lines of the workflow's state and the bounded list of them under `status`'s board
// (cli/render/workflow_text.h; DESIGN §6): the first kWarningsShown in full, then one line with
// the counts of the rest and the commands that list them all.
#include <algorithm>

#include <fmt/format.h>

#include "cli/frame/display.h"
#include "cli/render/workflow_text.h"
#include "event/event_types.h"

namespace kittylog::cli {
namespace {

std::string Plural(size_t count, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

}  // namespace

std::string CompetitorText(const EventRef& event) {
  std::string what;
  if (ChangesStatus(event.event_type)) {
    what = EscapeForTerminal(event.old_status) + " -> " + EscapeForTerminal(event.new_status);
  } else if (event.event_type == kTagsAdded) {
    for (const std::string& tag : event.tags) what += (what.empty() ? "+" : " +") + EscapeForTerminal(tag);
  } else if (event.event_type == kCounterIncremented) {
    what = fmt::format("{} {:+}", EscapeForTerminal(event.counter), event.delta);
  } else {
    what = EscapeForTerminal(event.event_type);
  }
  return fmt::format("{} ({}, by {})", EscapeForTerminal(event.event_id), what, EscapeForTerminal(event.actor));
}

std::string ClockSpan(const ResolvedConflict& conflict) {
  if (conflict.last_clock <= conflict.lamport_clock) return fmt::format("clock {}", conflict.lamport_clock);
  return fmt::format("clocks {}..{}", conflict.lamport_clock, conflict.last_clock);
}

std::string ConflictWarning(const ResolvedConflict& conflict) {
  // A warning line stays short: the winner and the latest others; `conflicts` lists them all.
  constexpr size_t kShown = 4;
  std::vector<const EventRef*> shown;
  for (const EventRef& event : conflict.competing) {
    if (event.event_id == conflict.winner_id) shown.push_back(&event);
  }
  for (auto it = conflict.competing.rbegin(); it != conflict.competing.rend() && shown.size() < kShown; ++it) {
    if (it->event_id != conflict.winner_id) shown.push_back(&*it);
  }
  std::sort(shown.begin(), shown.end());  // back in total order (competing is)
  std::string competing;
  for (const EventRef* event : shown) competing += (competing.empty() ? "" : ", ") + CompetitorText(*event);
  const size_t more = conflict.competing.size() - shown.size() + conflict.omitted;
  if (more > 0) competing += fmt::format(", and {} more", more);
  std::string winner = conflict.winner_id.empty() ? "" : " (event " + EscapeForTerminal(conflict.winner_id) + ")";
  return fmt::format("concurrent {} changes to {} at {}: {}; {} -> {}{}", EscapeForTerminal(conflict.aspect),
                     EscapeForTerminal(conflict.entity), ClockSpan(conflict), competing, conflict.rule,
                     EscapeForTerminal(conflict.result), winner);
}

std::string BreakWarning(const LifecycleBreak& lifecycle_break) {
  const bool left_out = lifecycle_break.problem.ends_with("not applied");
  if (lifecycle_break.count > 1) {
    return fmt::format("lifecycle breaks in {}: {} moves replayed as written; the latest at clock {} (event {}, by {}): "
                       "{}; `kittylog history` lists them all",
                       EscapeForTerminal(lifecycle_break.entity), lifecycle_break.count,
                       lifecycle_break.event.lamport_clock, EscapeForTerminal(lifecycle_break.event.event_id),
                       EscapeForTerminal(lifecycle_break.event.actor), EscapeForTerminal(lifecycle_break.problem));
  }
  return fmt::format("lifecycle break in {} at clock {} (event {}, by {}): {}{}",
                     EscapeForTerminal(lifecycle_break.entity), lifecycle_break.event.lamport_clock,
                     EscapeForTerminal(lifecycle_break.event.event_id), EscapeForTerminal(lifecycle_break.event.actor),
                     EscapeForTerminal(lifecycle_break.problem), left_out ? "" : "; replayed as written");
}

std::string SaturationWarning(const CounterSaturation& saturation) {
  return fmt::format("counter {} of {} saturated at {} (event {}): counters hold +/-(2^63-1)",
                     EscapeForTerminal(saturation.counter), EscapeForTerminal(saturation.entity), saturation.value,
                     EscapeForTerminal(saturation.event_id));
}

std::string CycleWarning(const DependencyCycle& cycle) {
  return fmt::format("dependency cycle in {}: {}; none of these work packages can start without --force",
                     EscapeForTerminal(cycle.feature_slug), EscapeForTerminal(FormatCycle(cycle.path)));
}

std::string MoreWarningsLine(const WarningCounts& hidden) {
  std::string kinds;
  std::string listers;
  auto add = [&](size_t count, std::string_view one, std::string_view many, std::string_view lister) {
    if (count == 0) return;
    kinds += (kinds.empty() ? "" : ", ") + Plural(count, one, many);
    if (!lister.empty() && listers.find(lister) == std::string::npos) {
      listers += (listers.empty() ? "" : " and ") + std::string(lister);
    }
  };
  add(hidden.conflicts, "conflict", "conflicts", "`kittylog conflicts`");
  add(hidden.lifecycle_breaks, "lifecycle break", "lifecycle breaks", "`kittylog verify`");
  add(hidden.saturated_counters, "saturated counter", "saturated counters", "");  // no command lists them
  add(hidden.dependency_cycles, "dependency cycle", "dependency cycles", "`kittylog verify`");
  std::string line = fmt::format("... and {} ({})", Plural(hidden.Total(), "more warning", "more warnings"), kinds);
  if (!listers.empty()) {
    line += fmt::format("; {} {} them all", listers, listers.find(" and ") != std::string::npos ? "list" : "lists");
  }
  return line;
}

std::string RenderBoardWarnings(const BoardState& board, const BoardGuards& guards, bool colour) {
  std::vector<std::string> shown;
  WarningCounts hidden;
  // Only the shown lines are formatted: an import with 100,000 breaks costs a count.
  auto take = [&](size_t& hidden_count, auto format) {
    if (shown.size() < kWarningsShown) {
      shown.push_back(format());
    } else {
      ++hidden_count;
    }
  };
  for (const ResolvedConflict& conflict : board.conflicts) {
    take(hidden.conflicts, [&] { return ConflictWarning(conflict); });
  }
  for (const LifecycleBreak& lifecycle_break : board.breaks) {
    take(hidden.lifecycle_breaks, [&] { return BreakWarning(lifecycle_break); });
  }
  for (const CounterSaturation& saturation : board.saturated) {
    take(hidden.saturated_counters, [&] { return SaturationWarning(saturation); });
  }
  for (const DependencyCycle& cycle : guards.cycles) {
    take(hidden.dependency_cycles, [&] { return CycleWarning(cycle); });
  }
  if (shown.empty()) return "";
  if (hidden.Total() > 0) shown.push_back(MoreWarningsLine(hidden));
  std::string out = "\n";
  for (const std::string& line : shown) out += Colour("warning:", "33", colour) + " " + line + "\n";
  return out;
}

}  // namespace kittylog::cli
