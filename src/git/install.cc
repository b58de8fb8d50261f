#include "git/install.h"

#include <unistd.h>

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "git/binaries.h"
#include "git/config_file.h"
#include "git/gitignore.h"
#include "git/hook_shim.h"
#include "git/install_record.h"
#include "git/line_file.h"
#include "platform/file_io.h"

namespace kittylog::git {
namespace {

constexpr std::string_view kDriverKeysRegex = "^merge\\.kittylog\\.";
constexpr std::string_view kDriverHeader = "[merge \"kittylog\"]";

Status RequireWorkTree(const GitRepository& repo, std::string_view command) {
  if (repo.is_bare()) {
    return Status::Io(fmt::format("{}: bare repository: the event log lives in a work tree; run `kittylog {}` in a "
                                  "clone or worktree",
                                  repo.git_dir(), command));
  }
  return Status::Ok();
}

// The hooks directory, checked before anything changes.
Result<std::string> WritableHooksDirectory(const GitRepository& repo) {
  KL_ASSIGN_OR_RETURN(HooksLocation hooks, repo.Hooks());
  if (!platform::IsDirectory(hooks.directory, platform::Links::kFollow)) {
    if (hooks.from_config) {
      return Status::Io(fmt::format(
          "core.hooksPath = {} points to {}, which is not a directory: git runs no hooks from it; create it or unset "
          "core.hooksPath, then run `kittylog install` again",
          hooks.configured, hooks.directory));
    }
    KL_RETURN_IF_ERROR(platform::MakeDirectories(hooks.directory, platform::Links::kFollow));
  }
  if (::access(hooks.directory.c_str(), W_OK | X_OK) != 0) {
    return Status::Io(fmt::format("{}: the hooks directory is not writable; fix its permissions and run `kittylog "
                                  "install` again",
                                  hooks.directory));
  }
  for (std::string_view name : kHookNames) {
    std::string path = platform::JoinPath(hooks.directory, std::string(name));
    std::string chained = path + std::string(kChainedSuffix);
    if (!IsShim(path) && platform::Stat(path).exists && platform::Stat(chained).exists) {
      return Status::Io(fmt::format("{}: already exists next to a hook that is not kittylog's; move one of them away, "
                                    "then run `kittylog install` again",
                                    chained));
    }
  }
  return hooks.directory;
}

std::string DescribeLines(const GitRepository& repo, const LineEdit& edit) {
  std::string lines;
  for (const std::string& line : edit.added) lines += (lines.empty() ? "" : ", ") + line;
  return fmt::format("{}: {} {}", DisplayPath(repo, edit.path), edit.created ? "created with" : "added", lines);
}

}  // namespace

Result<Binaries> LocateBinaries() {
  Binaries binaries;
  KL_ASSIGN_OR_RETURN(std::string self, SelfExecutable());
  KL_ASSIGN_OR_RETURN(std::string driver, FindMergeDriver());
  binaries.kittylog = NameForGit(self, kKittylogName);
  binaries.merge_driver = NameForGit(driver, kMergeDriverName);
  return binaries;
}

std::string MergeDriverCommand(const std::string& driver_path) {
  std::string command;
  for (char c : ShellQuote(driver_path)) {
    command += c;
    if (c == '%') command += '%';
  }
  return command + " %O %A %B %L %P";
}

std::string DriverPathFromCommand(std::string_view command) {
  std::string path;
  std::string word = FirstShellWord(command);
  for (size_t i = 0; i < word.size(); ++i) {
    path += word[i];
    if (word[i] == '%' && i + 1 < word.size() && word[i + 1] == '%') ++i;
  }
  return path;
}

std::vector<std::pair<std::string, std::string>> DriverSettings(const std::string& driver_path) {
  return {{"merge.kittylog.name", "kittylog event log merge (union in Lamport order)"},
          {"merge.kittylog.driver", MergeDriverCommand(driver_path)},
          // git's "recursive" names the driver for merging merge bases (criss-cross merges).
          {"merge.kittylog.recursive", "kittylog"}};
}

std::string DisplayPath(const GitRepository& repo, const std::string& path) {
  const std::string& root = repo.work_tree();
  if (!root.empty() && path.size() > root.size() && path.starts_with(root) && path[root.size()] == '/') {
    return path.substr(root.size() + 1);
  }
  return path;
}

Result<InstallReport> Install(const GitRepository& repo, const Binaries& binaries) {
  KL_RETURN_IF_ERROR(RequireWorkTree(repo, "install"));
  KL_ASSIGN_OR_RETURN(std::string hooks_dir, WritableHooksDirectory(repo));
  const std::string record_path = InstallRecordPath(repo.common_dir());
  KL_ASSIGN_OR_RETURN(InstallRecord record, LoadInstallRecord(record_path));

  InstallReport report;
  InstallRecord done;
  // Whatever happens below, what was changed is recorded for uninstall.
  auto finish = [&](Status status) -> Result<InstallReport> {
    record.Merge(done);
    Status saved = SaveInstallRecord(record_path, record);
    if (!status.ok()) return status;
    if (!saved.ok()) return saved;
    return report;
  };

  Result<LineEdit> attributes = EnsureLines(repo.work_tree() + "/.gitattributes", std::array{kAttributesLine});
  if (!attributes.ok()) return finish(attributes.status());
  if (!attributes->added.empty()) {
    report.changes.push_back(DescribeLines(repo, *attributes));
    done.line_edits.push_back(*attributes);
  }
  Result<LineEdit> ignored = EnsureLines(repo.work_tree() + "/.gitignore", kGitignoreEntries);
  if (!ignored.ok()) return finish(ignored.status());
  if (!ignored->added.empty()) {
    report.changes.push_back(DescribeLines(repo, *ignored));
    done.line_edits.push_back(*ignored);
  }
  // The same entries in info/exclude (common to every worktree, never committed): a branch that
  // predates `kittylog init` has no .gitignore entries, and `git add -A` there must not commit
  // the index or the clock.
  const std::string info_dir = repo.common_dir() + "/info";
  if (Status made = platform::MakeDirectories(info_dir, platform::Links::kFollow); !made.ok()) return finish(made);
  Result<LineEdit> excluded = EnsureLines(info_dir + "/exclude", kGitignoreEntries);
  if (!excluded.ok()) return finish(excluded.status());
  if (!excluded->added.empty()) {
    report.changes.push_back(DescribeLines(repo, *excluded));
    done.line_edits.push_back(*excluded);
  }

  Result<std::unique_ptr<ConfigFile>> config = ConfigFile::Open(repo.local_config_path());
  if (!config.ok()) return finish(config.status());
  for (const auto& [key, value] : DriverSettings(binaries.merge_driver)) {
    std::optional<std::string> previous = (*config)->Get(key);
    if (previous == value) continue;
    Status set = (*config)->Set(key, value);
    if (!set.ok()) return finish(set);
    report.changes.push_back(fmt::format("config: {} = {}", key, value));
    done.config.push_back({repo.local_config_path(), key, previous, value});
  }

  for (std::string_view name : kHookNames) {
    Result<ShimResult> shim = InstallShim(hooks_dir, name, binaries.kittylog);
    if (!shim.ok()) return finish(shim.status());
    std::string path = DisplayPath(repo, platform::JoinPath(hooks_dir, std::string(name)));
    switch (shim->action) {
      case ShimAction::kUnchanged:
        continue;
      case ShimAction::kCreated:
        report.changes.push_back(fmt::format("hooks: wrote {}", path));
        break;
      case ShimAction::kChained:
        report.changes.push_back(fmt::format("hooks: wrote {}; the existing hook moved to {} and runs first", path,
                                             DisplayPath(repo, shim->chained_path)));
        break;
      case ShimAction::kUpdated:
        report.changes.push_back(fmt::format("hooks: updated {}", path));
        break;
    }
    done.hooks.push_back({hooks_dir, std::string(name)});
  }
  return finish(Status::Ok());
}

Result<InstallReport> Uninstall(const GitRepository& repo) {
  KL_RETURN_IF_ERROR(RequireWorkTree(repo, "uninstall"));
  const std::string record_path = InstallRecordPath(repo.common_dir());
  KL_ASSIGN_OR_RETURN(InstallRecord record, LoadInstallRecord(record_path));
  InstallReport report;

  // Hooks: every recorded place, and the place git uses now (a record may be missing).
  std::vector<HookChange> hooks = record.hooks;
  Result<HooksLocation> current = repo.Hooks();
  if (current.ok() && platform::IsDirectory(current->directory, platform::Links::kFollow)) {
    for (std::string_view name : kHookNames) {
      bool known = false;
      for (const HookChange& hook : hooks) known |= hook.directory == current->directory && hook.name == name;
      if (!known) hooks.push_back({current->directory, std::string(name)});
    }
  }
  for (const HookChange& hook : hooks) {
    std::string path = DisplayPath(repo, platform::JoinPath(hook.directory, hook.name));
    KL_ASSIGN_OR_RETURN(UnshimAction action, RemoveShim(hook.directory, hook.name));
    switch (action) {
      case UnshimAction::kAbsent:
        break;
      case UnshimAction::kRemoved:
        report.changes.push_back(fmt::format("hooks: removed {}", path));
        break;
      case UnshimAction::kRestored:
        report.changes.push_back(fmt::format("hooks: restored the earlier {}", path));
        break;
      case UnshimAction::kForeignKept:
        report.notes.push_back(fmt::format("hooks: {} is no longer kittylog's shim: left as is; the hook it replaced "
                                           "is still at {}{}",
                                           path, path, kChainedSuffix));
        break;
    }
  }

  // Config: back to the values before install, unless someone changed them since.
  std::vector<ConfigChange> changes = record.config;
  if (record.config.empty()) {
    // No record: the driver keys go only when the driver is kittylog's own.
    KL_ASSIGN_OR_RETURN(std::unique_ptr<ConfigFile> config, ConfigFile::Open(repo.local_config_path()));
    std::optional<std::string> driver = config->Get("merge.kittylog.driver");
    std::string program = driver ? DriverPathFromCommand(*driver) : "";
    if (program == kMergeDriverName || program.ends_with("/" + std::string(kMergeDriverName))) {
      for (const auto& [key, value] : DriverSettings("")) {
        if (config->Get(key)) changes.push_back({repo.local_config_path(), key, std::nullopt, *config->Get(key)});
      }
    }
  }
  for (auto it = changes.rbegin(); it != changes.rend(); ++it) {
    KL_ASSIGN_OR_RETURN(std::unique_ptr<ConfigFile> config, ConfigFile::Open(it->file));
    if (config->Get(it->key) != it->value) {
      report.notes.push_back(fmt::format("config: {} was changed since install: left as is", it->key));
      continue;
    }
    if (it->previous) {
      KL_RETURN_IF_ERROR(config->Set(it->key, *it->previous));
      report.changes.push_back(fmt::format("config: {} = {} (as before install)", it->key, *it->previous));
    } else {
      KL_RETURN_IF_ERROR(config->Delete(it->key));
      report.changes.push_back(fmt::format("config: unset {}", it->key));
    }
  }
  std::vector<std::string> config_files;
  for (const ConfigChange& change : changes) {
    if (std::find(config_files.begin(), config_files.end(), change.file) == config_files.end()) {
      config_files.push_back(change.file);
    }
  }
  for (const std::string& file : config_files) {
    KL_ASSIGN_OR_RETURN(std::unique_ptr<ConfigFile> config, ConfigFile::Open(file));
    if (!config->HasKeysMatching(std::string(kDriverKeysRegex))) KL_RETURN_IF_ERROR(RemoveEmptySection(file, kDriverHeader));
  }

  for (const LineEdit& edit : record.line_edits) {
    KL_ASSIGN_OR_RETURN(std::vector<std::string> missing, RemoveAddedLines(edit));
    if (missing.size() < edit.added.size()) {
      report.changes.push_back(fmt::format("{}: removed the lines install added", DisplayPath(repo, edit.path)));
    }
    for (const std::string& line : missing) {
      report.notes.push_back(fmt::format("{}: `{}` was already gone", DisplayPath(repo, edit.path), line));
    }
  }
  if (record.line_edits.empty() && HasLine(repo.work_tree() + "/.gitattributes", kAttributesLine)) {
    report.notes.push_back(".gitattributes, .gitignore: no install record, so their kittylog lines were left (they are "
                           "shared through git; remove them by hand if the whole team stops using kittylog)");
  }
  KL_RETURN_IF_ERROR(SaveInstallRecord(record_path, InstallRecord{}));
  return report;
}

}  // namespace kittylog::git
