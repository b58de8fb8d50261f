#include "git/history_check.h"

#include <algorithm>
#include <chrono>
#include <set>

#include <fmt/format.h>

#include "event/line_reader.h"
#include "platform/file_io.h"

namespace kittylog::git {
namespace {

constexpr const char* kRememberedHeadsFile = "kittylog-checked-heads";
constexpr size_t kHexIdLength = 40;

bool IsHexId(std::string_view text) {
  return text.size() == kHexIdLength && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::vector<std::string> ReadRememberedHeads(const std::string& path) {
  std::vector<std::string> heads;
  Result<std::string> text = platform::ReadFile(path);
  if (!text.ok()) return heads;  // absent (a first run) or unreadable: nothing remembered
  std::string_view rest = *text;
  while (!rest.empty()) {
    size_t end = std::min(rest.find('\n'), rest.size());
    if (IsHexId(rest.substr(0, end))) heads.emplace_back(rest.substr(0, end));
    rest.remove_prefix(std::min(end + 1, rest.size()));
  }
  return heads;
}

}  // namespace

Result<const std::unordered_set<std::string>*> WorkTreeIds::IdsOf(const std::string& name) {
  auto it = files_.find(name);
  if (it != files_.end()) return &it->second;
  std::unordered_set<std::string> ids;
  EventDecoder::Options options;
  options.keep_raw_line = false;
  KL_ASSIGN_OR_RETURN(LogContents contents, ReadLogFile(layout_.events_dir() + "/" + name, options));
  for (Event& event : contents.events) ids.insert(std::move(event.event_id));
  return &files_.emplace(name, std::move(ids)).first->second;
}

Result<bool> WorkTreeIds::Contains(const std::string& name, const std::string& id) {
  if (IsDailyFileName(name) && platform::Stat(layout_.events_dir() + "/" + name).exists) {
    KL_ASSIGN_OR_RETURN(const std::unordered_set<std::string>* ids, IdsOf(name));
    if (ids->contains(id)) return true;
  }
  KL_ASSIGN_OR_RETURN(std::vector<std::string> names, platform::ListDirectory(layout_.events_dir()));
  for (const std::string& other : names) {
    if (other == name || !IsDailyFileName(other)) continue;
    KL_ASSIGN_OR_RETURN(const std::unordered_set<std::string>* ids, IdsOf(other));
    if (ids->contains(id)) return true;
  }
  return false;
}

Status DropEventsInWorkTree(WorkTreeIds& work_tree, CommitCheck& check) {
  std::vector<MissingEvent> still_missing;
  for (MissingEvent& event : check.lost) {
    KL_ASSIGN_OR_RETURN(bool present, work_tree.Contains(event.file, event.event_id));
    if (!present) still_missing.push_back(std::move(event));
  }
  check.lost = std::move(still_missing);
  return Status::Ok();
}

Result<HistoryCheck> CheckHistory(const GitRepository& repo, const LogLayout& layout, const CommitRange& range,
                                  const HistoryLimits& limits) {
  const auto start = std::chrono::steady_clock::now();
  HistoryCheck result;
  KL_ASSIGN_OR_RETURN(WalkResult walk, WalkCommits(repo, range, limits.max_commits));
  std::set<std::string> notes;  // a commit missing from the walk is named by CheckCommit of its child
  WorkTreeIds work_tree(layout);
  for (size_t i = 0; i < walk.commits.size(); ++i) {
    if (limits.deadline_ms > 0 &&
        std::chrono::steady_clock::now() - start > std::chrono::milliseconds(limits.deadline_ms)) {
      result.unchecked += walk.commits.size() - i;
      break;
    }
    KL_ASSIGN_OR_RETURN(CommitCheck check, CheckCommit(repo, walk.commits[i].id));
    ++result.commits_checked;
    notes.insert(check.not_checked.begin(), check.not_checked.end());
    if (check.lost.empty()) continue;
    KL_RETURN_IF_ERROR(DropEventsInWorkTree(work_tree, check));
    if (check.lost.empty()) {
      ++result.repaired;
    } else {
      result.losses.push_back(std::move(check));
    }
  }
  if (walk.truncated) ++result.unchecked;  // at least one more; the walk stopped counting there
  result.not_checked.assign(notes.begin(), notes.end());
  return result;
}

bool HeadAlreadyChecked(const std::string& git_dir, const std::string& head) {
  std::vector<std::string> remembered = ReadRememberedHeads(git_dir + "/" + kRememberedHeadsFile);
  return std::find(remembered.begin(), remembered.end(), head) != remembered.end();
}

Result<HistoryCheck> CheckNewCommits(const GitRepository& repo, const LogLayout& layout, const HistoryLimits& limits) {
  const std::string path = repo.git_dir() + "/" + kRememberedHeadsFile;
  KL_ASSIGN_OR_RETURN(CommitRange range, ParseRange(repo, ""));
  if (range.tips.empty()) return HistoryCheck{};  // unborn HEAD
  std::vector<std::string> remembered = ReadRememberedHeads(path);
  const std::string& head = range.tips.front();
  if (std::find(remembered.begin(), remembered.end(), head) != remembered.end()) return HistoryCheck{};
  range.hidden = remembered;
  KL_ASSIGN_OR_RETURN(HistoryCheck result, CheckHistory(repo, layout, range, limits));
  std::string text = head + "\n";
  for (size_t i = 0; i < remembered.size() && i + 1 < kRememberedHeads; ++i) text += remembered[i] + "\n";
  // Derived state of this checkout: losing it on a crash only means checking again.
  KL_RETURN_IF_ERROR(platform::AtomicReplace(path, text, /*sync_directory=*/false));
  return result;
}

}  // namespace kittylog::git
