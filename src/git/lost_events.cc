#include "git/lost_events.h"

#include <algorithm>
#include <set>
#include <unordered_set>

#include <fmt/format.h>
#include <simdjson.h>

#include "event/line_reader.h"
#include "event/log_layout.h"
#include "platform/file_io.h"

namespace kittylog::git {
namespace {

// Calls `on_event(event)` for each event of `bytes` (the tolerant reader: lines that are not
// events carry no id and are skipped).
template <typename F>
void ForEachEvent(std::string_view bytes, EventDecoder& decoder, F on_event) {
  platform::PaddedBuffer padded = platform::PaddedCopy(bytes, simdjson::SIMDJSON_PADDING);
  ReadEventLines(
      padded.view(), decoder, EventDecoder::Options{},
      [&](Event&& event, size_t) { on_event(std::move(event)); }, [](LineProblem&&) {});
}

// Calls `on_line(line)` for each non-blank line of `bytes`, without "\n" and trailing "\r"s (as
// the driver reads lines).
template <typename F>
void ForEachLine(std::string_view bytes, F on_line) {
  while (!bytes.empty()) {
    size_t end = std::min(bytes.find('\n'), bytes.size());
    std::string_view line = bytes.substr(0, end);
    while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) on_line(line);
    bytes.remove_prefix(std::min(end + 1, bytes.size()));
  }
}

// The length of the longest prefix of whole lines that `a` and `b` share.
size_t CommonLinePrefix(std::string_view a, std::string_view b) {
  size_t n = static_cast<size_t>(std::mismatch(a.begin(), a.begin() + std::min(a.size(), b.size()), b.begin()).first -
                                 a.begin());
  if (n == 0) return 0;
  size_t newline = a.rfind('\n', n - 1);
  return newline == std::string_view::npos ? 0 : newline + 1;
}

std::string FileLabel(const EventBlobs& blobs, const std::string& name) {
  return fmt::format("{}:{}", blobs.label, RelativeEventFile(name));
}

}  // namespace

Result<MissingReport> MissingEvents(const GitRepository& repo, const EventBlobs& from, const EventBlobs& in) {
  MissingReport report;
  if (!from.unreadable.empty()) {
    report.not_checked.push_back(fmt::format("{}: not checked", from.unreadable));
    return report;
  }
  for (const auto& [name, what] : from.skipped) {
    report.not_checked.push_back(fmt::format("{} is {}, not a regular file: not checked", FileLabel(from, name), what));
  }
  if (from.files.empty()) return report;
  if (!in.unreadable.empty()) {
    report.not_checked.push_back(
        fmt::format("{}: the events of {} in it were not checked", in.unreadable, from.label));
    return report;
  }
  EventDecoder decoder;
  std::vector<MissingEvent> candidates;
  for (const auto& [name, blob] : from.files) {
    if (auto skipped = in.skipped.find(name); skipped != in.skipped.end()) {
      report.not_checked.push_back(fmt::format("{} is {}, not a regular file: the events of {} were not checked",
                                               FileLabel(in, name), skipped->second, FileLabel(from, name)));
      continue;
    }
    auto counterpart = in.files.find(name);
    if (counterpart != in.files.end() && counterpart->second == blob) continue;
    KL_ASSIGN_OR_RETURN(std::string old_bytes, ReadBlob(repo, blob));
    std::string new_bytes;
    size_t start = 0;
    if (counterpart != in.files.end()) {
      KL_ASSIGN_OR_RETURN(new_bytes, ReadBlob(repo, counterpart->second));
      if (std::string_view(new_bytes).starts_with(old_bytes)) continue;  // an append keeps every event
      start = CommonLinePrefix(old_bytes, new_bytes);
    }
    // The driver keeps each line byte for byte, so a line of `from` found as it is in `in` keeps
    // its event; only the others are parsed (a version the merge replaced, or a loss).
    std::string_view old_rest = std::string_view(old_bytes).substr(start);
    std::string_view new_rest = std::string_view(new_bytes).substr(start);
    std::unordered_set<std::string_view> kept;
    ForEachLine(new_rest, [&](std::string_view line) { kept.insert(line); });
    std::string unmatched;
    ForEachLine(old_rest, [&](std::string_view line) {
      if (!kept.contains(line)) unmatched.append(line).push_back('\n');
    });
    if (unmatched.empty()) continue;
    std::unordered_set<std::string> later;
    ForEachEvent(new_rest, decoder, [&](Event&& event) { later.insert(std::move(event.event_id)); });
    ForEachEvent(unmatched, decoder, [&](Event&& event) {
      if (!later.contains(event.event_id)) {
        candidates.push_back({std::move(event.event_id), name, std::move(event.raw_line), from.label});
      }
    });
  }
  if (candidates.empty()) return report;
  // Rare: a candidate may still be in `in`, earlier in its file (a duplicate in `from`'s prefix)
  // or in another daily file. Every file of `in` is read whole to be sure.
  std::unordered_set<std::string> present;
  for (const auto& [name, blob] : in.files) {
    KL_ASSIGN_OR_RETURN(std::string bytes, ReadBlob(repo, blob));
    ForEachEvent(bytes, decoder, [&](Event&& event) { present.insert(std::move(event.event_id)); });
  }
  std::unordered_set<std::string> reported;
  for (MissingEvent& candidate : candidates) {
    if (!present.contains(candidate.event_id) && reported.insert(candidate.event_id).second) {
      report.missing.push_back(std::move(candidate));
    }
  }
  return report;
}

Result<CommitCheck> CheckCommit(const GitRepository& repo, const std::string& commit_id) {
  KL_ASSIGN_OR_RETURN(std::optional<CommitInfo> info, FindCommit(repo, commit_id));
  if (!info) return Status::Io(fmt::format("commit {}: not in the repository", ShortId(commit_id)));
  CommitCheck check;
  check.commit = commit_id;
  check.parents = info->parents;
  if (check.parents.empty()) return check;
  KL_ASSIGN_OR_RETURN(EventBlobs mine, CommitEventBlobs(repo, commit_id));
  std::unordered_set<std::string> lost_ids;
  std::set<std::string> notes;
  for (const std::string& parent : check.parents) {
    KL_ASSIGN_OR_RETURN(std::optional<CommitInfo> parent_info, FindCommit(repo, parent));
    if (!parent_info) {
      notes.insert(fmt::format(
          "{}: parent {} is not in the repository (a shallow clone?): not checked against it, nor its history",
          ShortId(commit_id), ShortId(parent)));
      continue;
    }
    KL_ASSIGN_OR_RETURN(EventBlobs theirs, CommitEventBlobs(repo, parent));
    KL_ASSIGN_OR_RETURN(MissingReport missing, MissingEvents(repo, theirs, mine));
    for (MissingEvent& event : missing.missing) {
      if (lost_ids.insert(event.event_id).second) check.lost.push_back(std::move(event));
    }
    notes.insert(missing.not_checked.begin(), missing.not_checked.end());
  }
  check.not_checked.assign(notes.begin(), notes.end());
  return check;
}

std::string DescribeLoss(const CommitCheck& check, size_t max_ids) {
  std::string ids;
  for (size_t i = 0; i < check.lost.size() && i < max_ids; ++i) ids += (i ? ", " : "") + check.lost[i].event_id;
  if (check.lost.size() > max_ids) ids += fmt::format(" and {} more", check.lost.size() - max_ids);
  const size_t count = check.lost.size();
  return fmt::format("{} {} lost {} event{} of its parent{}: {} (`kittylog repair --rev {}` restores them)",
                     check.merge() ? "merge" : "commit", ShortId(check.commit), count, count == 1 ? "" : "s",
                     check.merge() ? "s" : "", ids, ShortId(check.commit));
}

}  // namespace kittylog::git
