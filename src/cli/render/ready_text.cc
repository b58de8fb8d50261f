// `ready` on a terminal (cli/render/workflow_text.h).
#include <fmt/format.h>

#include "cli/frame/display.h"
#include "cli/render/workflow_text.h"

namespace kittylog::cli {

std::string RenderReadyText(const std::vector<ReadyEntry>& entries, bool all, size_t ready, size_t blocked) {
  std::string out;
  for (const ReadyEntry& entry : entries) {
    if (!entry.blocked_by.empty() && !all) continue;
    out += fmt::format("{}/{}  {}", EscapeForTerminal(entry.feature->slug), EscapeForTerminal(entry.work_package->id),
                       EscapeForTerminal(entry.work_package->title));
    std::string blockers;
    for (const DependencyState& dependency : entry.blocked_by) {
      blockers += (blockers.empty() ? "" : ", ") + EscapeForTerminal(dependency.Describe());
    }
    out += blockers.empty() ? "\n" : "  blocked by " + blockers + "\n";
  }
  out += fmt::format("{} ready, {} blocked{}.\n", ready, blocked,
                     blocked > 0 && !all ? " (kittylog ready --all shows by what)" : "");
  return out;
}

}  // namespace kittylog::cli
