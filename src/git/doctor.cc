#include "git/doctor.h"

#include <algorithm>

#include <fmt/format.h>
#include <simdjson.h>

#include "clock/lamport_clock.h"
#include "event/log_files.h"
#include "event/log_fsck.h"
#include "git/binaries.h"
#include "git/git_command.h"
#include "git/gitignore.h"
#include "git/history_check.h"
#include "git/hook_shim.h"
#include "git/install.h"
#include "git/repair.h"
#include "git/repair_rev.h"
#include "index/event_index.h"
#include "platform/file_io.h"
#include "store/event_store.h"

namespace kittylog::git {
namespace {

// Commits of HEAD's history the "history" check looks at, newest first (`verify --history`
// looks at all of them).
constexpr size_t kDoctorCommits = 200;

// A sample event file path: attributes and ignores are resolved for concrete paths.
constexpr const char* kSampleEventFile = ".kittify/events/2000-01-01.jsonl";

DoctorCheck Problem(std::string name, std::string detail) { return {std::move(name), false, false, std::move(detail)}; }
DoctorCheck Ok(std::string name, std::string detail) { return {std::move(name), true, false, std::move(detail)}; }

// A binary named by an absolute path although PATH finds that very file by its bare name: it
// works today, but an upgrade or a move of the install would break it (binaries.h).
bool NamedByStalePath(const std::string& word, std::string_view name) {
  return word.starts_with('/') && NameForGit(word, name) != word;
}

DoctorCheck CheckDriver(const GitRepository& repo) {
  std::optional<std::string> driver = repo.ConfigString("merge.kittylog.driver");
  if (!driver) return Problem("merge driver", "merge.kittylog.driver is not set");
  std::string path = DriverPathFromCommand(*driver);
  std::string program = ResolveCommand(path);
  if (program.empty()) {
    return Problem("merge driver", fmt::format("merge.kittylog.driver runs {}, which is not on PATH", path));
  }
  if (!IsExecutableFile(program)) {
    return Problem("merge driver", fmt::format("merge.kittylog.driver runs {}, which is not an executable file", path));
  }
  if (NamedByStalePath(path, kMergeDriverName)) {
    return Problem("merge driver", fmt::format("merge.kittylog.driver names {} by its absolute path, but PATH finds it "
                                               "as {}: an upgrade or a move of the install would break this repository",
                                               path, kMergeDriverName));
  }
  if (!repo.ConfigString("merge.kittylog.name")) return Problem("merge driver", "merge.kittylog.name is not set");
  if (repo.ConfigString("merge.kittylog.recursive") != "kittylog") {
    return Problem("merge driver", "merge.kittylog.recursive is not `kittylog` (criss-cross merges would fall back)");
  }
  return Ok("merge driver", path == program ? path : fmt::format("{} ({} on PATH)", path, program));
}

// What git itself resolves (`git check-attr`): the work tree's .gitattributes when it exists,
// even emptied, which is what the next merge uses; libgit2 1.5 falls back to the index there.
DoctorCheck CheckAttributes(const GitRepository& repo) {
  Result<std::string> merge = GitCheckAttr(repo.work_tree(), kSampleEventFile, "merge");
  if (!merge.ok()) return Problem("attributes", merge.status().message());
  if (*merge != "kittylog") {
    return Problem("attributes", fmt::format("git resolves merge={} for .kittify/events/*.jsonl (want merge=kittylog "
                                             "from .gitattributes): the next merge would write conflict markers",
                                             *merge));
  }
  return Ok("attributes", ".kittify/events/*.jsonl merge=kittylog");
}

DoctorCheck CheckIgnores(const GitRepository& repo) {
  std::vector<std::string> missing;
  for (std::string_view entry : kGitignoreEntries) {
    std::string sample(entry);
    if (sample.ends_with('*')) sample.pop_back();
    if (sample.ends_with('/')) sample += "x";
    if (!repo.IsIgnored(sample)) missing.emplace_back(entry);
  }
  if (missing.empty()) return Ok("ignores", "index, clock, error log, lock and quarantine are ignored");
  std::string list;
  for (const std::string& entry : missing) list += (list.empty() ? "" : ", ") + entry;
  return Problem("ignores", "not ignored by git: " + list);
}

// An ignore does not apply to a file git already tracks (`git add -f`): each pull or switch of
// another version of it overwrites this checkout's own, and `commit -a` publishes it. Left to
// the user (`--fix` does not untrack files).
DoctorCheck CheckTracked(const GitRepository& repo) {
  Result<std::vector<std::string>> tracked = repo.TrackedPaths(".kittify/");
  if (!tracked.ok()) return Problem("tracked", tracked.status().message());
  std::string list;
  for (const std::string& path : *tracked) {
    const bool derived = std::any_of(kGitignoreEntries.begin(), kGitignoreEntries.end(), [&](std::string_view entry) {
      if (entry.ends_with('*')) return path.starts_with(entry.substr(0, entry.size() - 1));
      if (entry.ends_with('/')) return path.starts_with(entry);
      return path == entry;
    });
    if (derived) list += (list.empty() ? "" : ", ") + path;
  }
  if (list.empty()) return Ok("tracked", "");
  return Problem("tracked", fmt::format("tracked by git although derived: {} (run `git rm --cached` on them and "
                                        "commit: a committed index is never trusted, and every pull overwrites the "
                                        "checkout's own)",
                                        list));
}

DoctorCheck CheckHooks(const GitRepository& repo) {
  Result<HooksLocation> hooks = repo.Hooks();
  if (!hooks.ok()) return Problem("hooks", hooks.status().message());
  if (!platform::IsDirectory(hooks->directory, platform::Links::kFollow)) {
    return Problem("hooks", fmt::format("{}{} is not a directory: git runs no hooks", hooks->directory,
                                        hooks->from_config ? " (core.hooksPath)" : ""));
  }
  std::vector<std::string> problems;
  for (std::string_view name : kHookNames) {
    std::string path = platform::JoinPath(hooks->directory, std::string(name));
    if (!IsShim(path)) {
      problems.push_back(fmt::format("{} is {}", name, platform::Stat(path).exists ? "not kittylog's shim" : "missing"));
    } else if (!IsExecutableFile(path)) {
      problems.push_back(fmt::format("{} is not executable (git skips it)", name));
    } else if (std::string kittylog = ShimKittylogPath(path); !IsExecutableFile(ResolveCommand(kittylog))) {
      problems.push_back(fmt::format("{} runs {}, which does not exist{}", name, kittylog,
                                     kittylog.find('/') == std::string::npos ? " on PATH" : ""));
    } else if (NamedByStalePath(kittylog, kKittylogName)) {
      problems.push_back(fmt::format("{} runs {} by its absolute path, but PATH finds it as {} (an upgrade or a move "
                                     "would break the hook)",
                                     name, kittylog, kKittylogName));
    }
  }
  if (problems.empty()) return Ok("hooks", DisplayPath(repo, hooks->directory));
  std::string detail = DisplayPath(repo, hooks->directory) + ": ";
  for (size_t i = 0; i < problems.size(); ++i) detail += (i ? "; " : "") + problems[i];
  return Problem("hooks", detail);
}

// The event files, each checked for merge damage.
struct FileScan {
  DoctorCheck check;
  bool damaged = false;
};

FileScan CheckEventFiles(const LogLayout& layout) {
  Result<LogFiles> listed = ListLogFiles(layout.events_dir());
  if (!listed.ok()) return {Problem("event files", listed.status().message()), false};
  std::vector<std::string> damaged;
  for (const SkippedLogEntry& entry : listed->skipped) damaged.push_back(entry.Format());
  size_t files = 0;
  for (const std::string& name : listed->daily) {
    ++files;
    Result<platform::PaddedBuffer> bytes =
        platform::ReadFilePadded(layout.events_dir() + "/" + name, simdjson::SIMDJSON_PADDING);
    if (!bytes.ok()) return {Problem("event files", bytes.status().message()), false};
    std::vector<LogProblem> problems = CheckEventLog(*bytes);
    if (!problems.empty()) damaged.push_back(fmt::format("{}: {}", name, SummarizeProblems(problems)));
  }
  if (damaged.empty()) return {Ok("event files", fmt::format("{} daily file{}, no merge damage", files, files == 1 ? "" : "s")), false};
  std::string detail;
  for (const std::string& line : damaged) detail += (detail.empty() ? "" : "; ") + line;
  return {Problem("event files", detail + " (`kittylog repair`)"), true};
}

DoctorCheck CheckClock(const LogLayout& layout) {
  ClockState stored = LoadClock(layout.clock_path());
  Result<int64_t> highest = ScanHighestClock(layout);
  if (!highest.ok()) return Problem("clock", highest.status().message());
  // A fresh clone or worktree has no clock.json yet: the first write starts from the log's
  // highest clock, so a missing file is normal. A corrupt one is worth saying.
  if (stored.recovered && stored.warning.empty()) {
    return Ok("clock", fmt::format("clock.json not written yet; the next write starts after the log's highest clock {}",
                                   *highest));
  }
  if (stored.recovered && *highest > 0) return Problem("clock", stored.warning);
  if (stored.value < *highest) {
    return Problem("clock", fmt::format("stored clock {} is below the log's highest clock {}", stored.value, *highest));
  }
  return Ok("clock", fmt::format("{} (log's highest {})", stored.value, *highest));
}

// Opening the index refreshes it (every kittylog read does, DESIGN §7), so staleness shows as
// a refresh that did work: reported as fixed. Then the index is compared with the JSONL.
DoctorCheck CheckIndex(const LogLayout& layout, bool fix) {
  RefreshReport refreshed;
  Result<std::unique_ptr<EventIndex>> index = EventIndex::Open(layout, IndexOptions{}, &refreshed);
  if (!index.ok()) return Problem("index", index.status().message());
  Result<CheckReport> check = (*index)->Check();
  if (!check.ok()) return Problem("index", check.status().message());
  if (!check->divergences.empty() && fix) {
    Result<RefreshReport> rebuilt = (*index)->Rebuild();
    if (rebuilt.ok()) check = (*index)->Check();
    if (check.ok() && check->divergences.empty()) {
      DoctorCheck result = Ok("index", "rebuilt: it had diverged from the event files");
      result.fixed = true;
      return result;
    }
  }
  if (check.ok() && !check->divergences.empty()) {
    return Problem("index", fmt::format("{} divergence(s) from the event files, first: {} (`kittylog index rebuild`)",
                                        check->divergences.size(), check->divergences.front()));
  }
  bool stale = refreshed.events_added != 0 || refreshed.files_reindexed != 0 || refreshed.files_dropped != 0 ||
               refreshed.rebuilt;
  DoctorCheck result = Ok("index", fmt::format("{} events in {} files{}", check->events_checked, check->files_checked,
                                               stale ? ", was stale: refreshed on open" : ", fresh"));
  result.fixed = stale;
  return result;
}

// Recent commits that lost events the work tree still lacks; `lossy` gets their ids.
DoctorCheck CheckLostEvents(const GitRepository& repo, const LogLayout& layout, std::vector<std::string>* lossy) {
  Result<CommitRange> range = ParseRange(repo, "");
  if (!range.ok()) return Problem("history", range.status().message());
  HistoryLimits limits;
  limits.max_commits = kDoctorCommits;
  Result<HistoryCheck> check = CheckHistory(repo, layout, *range, limits);
  if (!check.ok()) return Problem("history", check.status().message());
  std::string notes;
  if (!check->not_checked.empty()) {
    notes = fmt::format("; {} thing{} not checked, first: {}", check->not_checked.size(),
                        check->not_checked.size() == 1 ? "" : "s", check->not_checked.front());
  }
  if (check->losses.empty()) {
    return Ok("history", fmt::format("{} recent commit{}, no lost events{}", check->commits_checked,
                                     check->commits_checked == 1 ? "" : "s", notes));
  }
  std::string detail;
  for (const CommitCheck& loss : check->losses) {
    detail += (detail.empty() ? "" : "; ") + DescribeLoss(loss, 3);
    if (lossy != nullptr) lossy->push_back(loss.commit);
  }
  return Problem("history", detail + notes);
}

void Replace(std::vector<DoctorCheck>& checks, DoctorCheck after) {
  for (DoctorCheck& check : checks) {
    if (check.name != after.name) continue;
    after.fixed = after.fixed || check.fixed || (!check.ok && after.ok);
    check = std::move(after);
  }
}

}  // namespace

Result<DoctorReport> RunDoctor(const GitRepository& repo, const DoctorOptions& options) {
  if (repo.is_bare()) {
    return Status::Io(fmt::format("{}: bare repository: the event log lives in a work tree; run `kittylog doctor` in a "
                                  "clone or worktree",
                                  repo.git_dir()));
  }
  const LogLayout layout(platform::RealPath(repo.work_tree()));
  DoctorReport report;
  auto& checks = report.checks;
  checks.push_back(CheckDriver(repo));
  checks.push_back(CheckAttributes(repo));
  checks.push_back(CheckIgnores(repo));
  checks.push_back(CheckHooks(repo));
  // After the four that `--fix` reinstalls; shown only when it finds something.
  if (DoctorCheck tracked = CheckTracked(repo); !tracked.ok) checks.push_back(std::move(tracked));
  bool has_log = platform::IsDirectory(layout.kittify_dir());
  FileScan files{Problem("event files", "no .kittify/ here (run `kittylog init`)"), false};
  if (Status pieces = CheckLogDirectories(layout); !pieces.ok()) {
    // Nothing under a symlinked piece is read or written, --fix included: the user decides.
    checks.push_back(Problem("event files", pieces.message()));
    return report;
  }
  if (has_log) {
    files = CheckEventFiles(layout);
    checks.push_back(files.check);
    checks.push_back(CheckLostEvents(repo, layout, nullptr));
    checks.push_back(CheckIndex(layout, false));
    checks.push_back(CheckClock(layout));
  } else {
    checks.push_back(files.check);
  }
  if (!options.fix) return report;

  bool integration_broken = false;
  for (size_t i = 0; i < 4; ++i) integration_broken |= !checks[i].ok;
  if (integration_broken) {
    Result<Binaries> binaries = LocateBinaries();
    Result<InstallReport> installed = binaries.ok() ? Install(repo, *binaries) : Result<InstallReport>(binaries.status());
    if (!installed.ok()) {
      checks.push_back(Problem("fix", "install failed: " + installed.status().message()));
    }
    Replace(checks, CheckDriver(repo));
    Replace(checks, CheckAttributes(repo));
    Replace(checks, CheckIgnores(repo));
    Replace(checks, CheckHooks(repo));
  }
  if (!has_log) {
    if (Status made = platform::MakeDirectories(layout.events_dir()); !made.ok()) {
      checks.push_back(Problem("fix", made.message()));
      return report;
    }
    Replace(checks, Ok("event files", "created .kittify/events/"));
  }
  // Repair (a no-op for clean files), then refresh and witness: RepairLog does all three.
  Result<RepairRun> repaired = RepairLog(layout, {}, false);
  if (!repaired.ok()) {
    checks.push_back(Problem("fix", "repair failed: " + repaired.status().message()));
    return report;
  }
  if (has_log) {
    std::vector<std::string> lossy;
    (void)CheckLostEvents(repo, layout, &lossy);
    for (const std::string& commit : lossy) {
      Result<RestoreRun> restored = RestoreLostEvents(repo, layout, commit, false);
      if (!restored.ok()) checks.push_back(Problem("fix", "repair --rev failed: " + restored.status().message()));
    }
    Replace(checks, CheckEventFiles(layout).check);
    Replace(checks, CheckLostEvents(repo, layout, nullptr));
    Replace(checks, CheckIndex(layout, true));
    Replace(checks, CheckClock(layout));
  } else {
    checks.push_back(CheckIndex(layout, options.fix));
    checks.push_back(CheckClock(layout));
  }
  return report;
}

}  // namespace kittylog::git
