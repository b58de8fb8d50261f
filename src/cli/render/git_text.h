// The text output of the git integration commands and `init` (docs/git-integration.md,
// docs/repair.md): what `install`, `uninstall` and `init` changed, `doctor`'s checks, `hook`'s
// summary, and what `repair` and `repair --rev` did or, with --check, would do. Their --json
// documents are in cli/render/git_json.h. Text from the repository or the log is escaped.
// Pure functions; thread-compatible.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "git/doctor.h"
#include "git/repair.h"
#include "git/repair_rev.h"
#include "hooks/hook_runner.h"

namespace kittylog::cli {

// One line per change, then one `note: ...` per note; `nothing` (when not "") if there is neither.
std::string RenderChangesText(const std::vector<std::string>& changes, const std::vector<std::string>& notes,
                              std::string_view nothing);
// `doctor`: one line per check (ok, fixed or problem), then what to run when a problem is left.
std::string RenderDoctorText(const git::DoctorReport& report, bool fix, bool colour);
// `hook NAME`: its summary line ("" when it has none).
std::string RenderHookText(const git::HookOutcome& outcome);
// `repair [--check]`: the entries moved aside, the files repaired and their quarantined lines,
// and what to do next.
std::string RenderRepairText(const git::RepairRun& run, bool check);
// `repair [--check] --rev REV`: the events put back per file, and what to do next.
std::string RenderRestoreText(const git::RestoreRun& run, bool check);

}  // namespace kittylog::cli
