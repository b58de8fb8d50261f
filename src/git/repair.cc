#include "git/repair.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "event/log_files.h"
#include "git/event_blobs.h"
#include "git/repository.h"
#include "merge/merge.h"
#include "platform/file_io.h"
#include "platform/system.h"
#include "store/store_lock.h"

namespace kittylog::git {

// The repair room (repair/repair_plan.h) plans and writes; this file adds what git holds.
using repair::ApplyRepair;
using repair::FileRepair;
using repair::MoveAside;
using repair::PlanRepair;
using repair::PlanResolution;

namespace {

// The daily files a git command left unmerged in the git index, by name; none outside a git
// work tree. What cannot be read is a note, never a failure of the repair.
std::map<std::string, UnmergedEventFile> FindUnmerged(const LogLayout& layout, RepairRun& run,
                                                      std::unique_ptr<GitRepository>& repo) {
  std::map<std::string, UnmergedEventFile> unmerged;
  Result<std::unique_ptr<GitRepository>> opened = GitRepository::Open(layout.root);
  if (!opened.ok() || (*opened)->is_bare()) return unmerged;
  repo = std::move(opened).value();
  Result<std::vector<UnmergedEventFile>> listed = UnmergedEventFiles(*repo);
  if (!listed.ok()) {
    run.notes.push_back(listed.status().message() + ": unmerged event files not looked for");
    return unmerged;
  }
  for (UnmergedEventFile& file : *listed) {
    if (!file.not_regular.empty()) {
      run.notes.push_back(fmt::format("{}: unmerged in the git index, and {}: not read; resolve it by hand",
                                      RelativeEventFile(file.name), file.not_regular));
      continue;
    }
    unmerged.emplace(file.name, std::move(file));
  }
  if (!unmerged.empty()) run.continue_command = repo->ContinueCommand();
  return unmerged;
}

// The driver's merge of an unmerged file's versions in the git index.
Result<std::string> MergeStages(const GitRepository& repo, const UnmergedEventFile& file) {
  std::string versions[3];
  for (int stage = 0; stage < 3; ++stage) {
    if (file.stages[stage]) {
      KL_ASSIGN_OR_RETURN(versions[stage], ReadBlob(repo, *file.stages[stage]));
    }
  }
  return merge::MergeEventLogs(versions[0], versions[1], versions[2]).output;
}

}  // namespace

Result<RepairRun> RepairLog(const LogLayout& layout, const std::vector<std::string>& names, bool check_only) {
  KL_RETURN_IF_ERROR(CheckLogDirectories(layout));
  if (!platform::IsDirectory(layout.kittify_dir())) {
    return Status::Io(fmt::format("{}: no .kittify/ directory here; run `kittylog init` first", layout.root));
  }
  RepairRun run;
  std::unique_ptr<GitRepository> repo;
  std::map<std::string, UnmergedEventFile> unmerged = FindUnmerged(layout, run, repo);
  KL_ASSIGN_OR_RETURN(LogFiles listed, ListLogFiles(layout.events_dir()));
  std::vector<MovedEntry> not_files;
  for (const SkippedLogEntry& entry : listed.skipped) {
    if (names.empty() || std::find(names.begin(), names.end(), entry.name) != names.end()) {
      not_files.push_back({entry.name, std::string(platform::DescribeType(
                                           platform::Stat(layout.events_dir() + "/" + entry.name).type)), ""});
    }
  }
  std::set<std::string> regular(listed.daily.begin(), listed.daily.end());
  std::vector<std::string> files;
  if (names.empty()) {
    std::set<std::string> all = regular;
    for (const auto& [name, file] : unmerged) all.insert(name);
    files.assign(all.begin(), all.end());
  }
  for (const std::string& name : names) {
    if (!IsDailyFileName(name)) return Status::Usage(fmt::format("{}: not a daily event file (YYYY-MM-DD.jsonl)", name));
    if (!platform::Stat(layout.events_dir() + "/" + name).exists && !unmerged.contains(name)) {
      return Status::Usage(fmt::format("{}: no such event file", RelativeEventFile(name)));
    }
    if (regular.contains(name) || unmerged.contains(name)) files.push_back(name);
  }
  KL_ASSIGN_OR_RETURN(std::unique_ptr<StoreLock> lock, StoreLock::Acquire(layout.lock_path(), -1));
  const int64_t now = platform::NowMillis();
  for (MovedEntry& entry : not_files) {
    if (!check_only) {
      KL_ASSIGN_OR_RETURN(entry.destination, MoveAside(layout, entry.name, now));
    }
    run.moved.push_back(std::move(entry));
  }
  for (const std::string& name : files) {
    const std::string path = layout.events_dir() + "/" + name;
    const bool exists = regular.contains(name);  // an entry that is not a file is never read (moved aside above)
    std::string bytes;
    if (exists) {
      KL_ASSIGN_OR_RETURN(bytes, platform::ReadFile(path));
    }
    FileRepair repair{name, {}, ""};
    if (auto it = unmerged.find(name); it != unmerged.end()) {
      KL_ASSIGN_OR_RETURN(std::string merged, MergeStages(*repo, it->second));
      repair.plan = PlanResolution(merged, bytes, it->second.State());
    } else {
      repair.plan = PlanRepair(bytes);
    }
    if (!repair.plan.needed) continue;
    const bool rewrite = !exists || repair.plan.repaired != bytes || !repair.plan.quarantined.empty();
    if (!check_only && rewrite) {
      KL_ASSIGN_OR_RETURN(repair.quarantine_path, ApplyRepair(layout, name, repair.plan, now));
    }
    run.files.push_back(std::move(repair));
  }
  if (!check_only) {
    KL_ASSIGN_OR_RETURN(run.refresh, RefreshDerivedState(layout));
  }
  return run;
}

}  // namespace kittylog::git
