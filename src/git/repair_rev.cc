#include "git/repair_rev.h"

#include <map>
#include <unordered_map>

#include <fmt/format.h>
#include <simdjson.h>

#include "event/line_reader.h"
#include "git/event_blobs.h"
#include "git/history_check.h"
#include "git/history_walk.h"
#include "merge/merge.h"
#include "platform/file_io.h"
#include "platform/system.h"
#include "store/store_lock.h"

namespace kittylog::git {

using repair::ApplyRepair;
using repair::FileRepair;
using repair::PlanRepair;

namespace {

// The bytes of daily file `name` in `blobs` ("" when that version has no such regular file).
Result<std::string> FileBytes(const GitRepository& repo, const EventBlobs& blobs, const std::string& name) {
  auto it = blobs.files.find(name);
  if (it == blobs.files.end()) return std::string();
  return ReadBlob(repo, it->second);
}

// event_id -> line, for the events of `bytes`.
std::unordered_map<std::string, std::string> LinesById(std::string_view bytes) {
  std::unordered_map<std::string, std::string> lines;
  platform::PaddedBuffer padded = platform::PaddedCopy(bytes, simdjson::SIMDJSON_PADDING);
  EventDecoder decoder;
  ReadEventLines(
      padded.view(), decoder, EventDecoder::Options{},
      [&](Event&& event, size_t) { lines.try_emplace(std::move(event.event_id), std::move(event.raw_line)); },
      [](LineProblem&&) {});
  return lines;
}

// For a merge of two parents: the driver's line for each event of daily file `name`, from
// MergeEventLogs of the merge base's, first and second parent's versions. Empty when those
// versions cannot all be read (a parent or the history missing from a shallow clone): the
// caller then keeps the parent's own line.
std::unordered_map<std::string, std::string> DriverLines(const GitRepository& repo, const CommitCheck& check,
                                                         const std::string& name) {
  auto version = [&](const std::string& commit) -> Result<std::string> {
    KL_ASSIGN_OR_RETURN(EventBlobs blobs, CommitEventBlobs(repo, commit));
    return FileBytes(repo, blobs, name);
  };
  std::string base;  // no merge base (unrelated histories): an empty base, as git gives the driver
  Result<CommitRange> bases = ParseRange(repo, check.parents[0] + "..." + check.parents[1]);
  if (!bases.ok()) return {};
  if (!bases->hidden.empty()) {
    Result<std::string> bytes = version(bases->hidden.front());
    if (!bytes.ok()) return {};
    base = std::move(bytes).value();
  }
  Result<std::string> ours = version(check.parents[0]);
  Result<std::string> theirs = version(check.parents[1]);
  if (!ours.ok() || !theirs.ok()) return {};
  merge::MergeResult merged = merge::MergeEventLogs(base, *ours, *theirs);
  return LinesById(merged.output);
}

}  // namespace

Result<RestoreRun> RestoreLostEvents(const GitRepository& repo, const LogLayout& layout, const std::string& rev,
                                     bool check_only) {
  if (!platform::IsDirectory(layout.kittify_dir())) {
    return Status::Io(fmt::format("{}: no .kittify/ directory here; run `kittylog init` first", layout.root));
  }
  KL_ASSIGN_OR_RETURN(std::string commit, ResolveCommit(repo, rev));
  RestoreRun run;
  KL_ASSIGN_OR_RETURN(run.check, CheckCommit(repo, commit));
  if (run.check.lost.empty()) return run;

  KL_ASSIGN_OR_RETURN(std::unique_ptr<StoreLock> lock, StoreLock::Acquire(layout.lock_path(), -1));
  CommitCheck missing = run.check;
  WorkTreeIds work_tree(layout);
  KL_RETURN_IF_ERROR(DropEventsInWorkTree(work_tree, missing));
  run.already_back = run.check.lost.size() - missing.lost.size();
  if (missing.lost.empty()) return run;

  std::map<std::string, std::vector<const MissingEvent*>> by_file;
  for (const MissingEvent& event : missing.lost) by_file[event.file].push_back(&event);
  const int64_t now = platform::NowMillis();
  for (const auto& [name, events] : by_file) {
    std::unordered_map<std::string, std::string> driver_lines;
    if (run.check.parents.size() == 2) driver_lines = DriverLines(repo, run.check, name);
    const std::string path = layout.events_dir() + "/" + name;
    std::string bytes;
    if (platform::Stat(path).exists) {
      KL_ASSIGN_OR_RETURN(bytes, platform::ReadFile(path));
    }
    if (!bytes.empty() && bytes.back() != '\n') bytes += '\n';
    std::vector<std::string> ids;
    for (const MissingEvent* event : events) {
      auto driver = driver_lines.find(event->event_id);
      bytes += (driver != driver_lines.end() ? driver->second : event->line) + "\n";
      ids.push_back(event->event_id);
    }
    FileRepair repair{name, PlanRepair(bytes), ""};
    if (!check_only) {
      KL_ASSIGN_OR_RETURN(repair.quarantine_path, ApplyRepair(layout, name, repair.plan, now));
    }
    run.files.push_back(std::move(repair));
    run.restored_ids.push_back(std::move(ids));
  }
  if (!check_only) {
    KL_ASSIGN_OR_RETURN(run.refresh, RefreshDerivedState(layout));
  }
  return run;
}

}  // namespace kittylog::git
