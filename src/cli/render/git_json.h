// The --json documents of the git integration commands and `init` (DESIGN §10;
// docs/git-integration.md, docs/repair.md, docs/cli.md). Their text output is in
// cli/render/git_text.h. Each returns one compact JSON object. Pure functions; thread-compatible.
#pragma once

#include <string>
#include <vector>

#include "git/doctor.h"
#include "git/repair.h"
#include "git/repair_rev.h"
#include "hooks/hook_runner.h"

namespace kittylog::cli {

// `install`, `uninstall`: {"changes":[...],"notes":[...]}
std::string RenderChangesJson(const std::vector<std::string>& changes, const std::vector<std::string>& notes);
// `init`: {"kittify","created","changes","notes"}
std::string RenderInitJson(const std::string& kittify_dir, bool created, const std::vector<std::string>& changes,
                           const std::vector<std::string>& notes);
// `doctor`: {"ok","checks":[{"name","ok","fixed","detail"}]}
std::string RenderDoctorJson(const git::DoctorReport& report);
// `hook NAME`: {"hook","summary","messages":[...]}
std::string RenderHookJson(const std::string& name, const git::HookOutcome& outcome);
// `repair`: {"check","continue","files":[...],"moved_aside":[...]}
std::string RenderRepairJson(const git::RepairRun& run, bool check);
// `repair --rev`: {"check","rev","lost","already_back","files":[...]}
std::string RenderRestoreJson(const git::RestoreRun& run, bool check);

}  // namespace kittylog::cli
