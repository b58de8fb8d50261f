#include "repair/repair_plan.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "event/event_codec.h"
#include "event/log_layout.h"
#include "event/timestamp.h"
#include "merge/conflict_blocks.h"
#include "merge/merge.h"
#include "platform/file_io.h"
#include "platform/system.h"

namespace kittylog::repair {
namespace {

std::string_view StripCr(std::string_view line) {
  while (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // as the merge reads lines
  return line;
}

// Calls `on_line(number, line)` for each line of `bytes` (1-based, without "\n").
template <typename F>
void ForEachLine(std::string_view bytes, F on_line) {
  size_t start = 0, number = 0;
  while (start < bytes.size()) {
    size_t newline = bytes.find('\n', start);
    size_t end = newline == std::string_view::npos ? bytes.size() : newline;
    on_line(++number, bytes.substr(start, end - start));
    start = end + 1;
  }
}

// The result without its last `count` lines (the non-event lines the driver appends).
std::string_view WithoutLastLines(std::string_view output, size_t count) {
  size_t end = output.size();
  for (size_t i = 0; i < count && end > 0; ++i) {
    size_t previous = end >= 2 ? output.rfind('\n', end - 2) : std::string_view::npos;
    end = previous == std::string_view::npos ? 0 : previous + 1;
  }
  return output.substr(0, end);
}

}  // namespace

std::string RepairPlan::Summary() const {
  std::vector<std::string> parts;
  if (!unmerged.empty()) {
    parts.push_back(fmt::format("unmerged in the git index ({}): kept, its versions there merged as the driver would", unmerged));
  }
  if (byte_order_mark_removed) parts.push_back("UTF-8 byte order mark removed");
  if (conflict_blocks > 0) parts.push_back(fmt::format("{} conflict block{}", conflict_blocks, conflict_blocks == 1 ? "" : "s"));
  if (duplicates_removed > 0) {
    parts.push_back(fmt::format("{} duplicate{} removed", duplicates_removed, duplicates_removed == 1 ? "" : "s"));
  }
  if (!quarantined.empty()) {
    parts.push_back(fmt::format("{} line{} quarantined", quarantined.size(), quarantined.size() == 1 ? "" : "s"));
  }
  if (!conflicting_ids.empty()) {
    parts.push_back(fmt::format("{} event{} with conflicting versions", conflicting_ids.size(),
                                conflicting_ids.size() == 1 ? "" : "s"));
  }
  if (parts.empty()) parts.push_back("rewritten in total order");
  std::string summary;
  for (const std::string& part : parts) summary += (summary.empty() ? "" : ", ") + part;
  return summary;
}

RepairPlan PlanRepair(std::string_view file_bytes) {
  RepairPlan plan;
  // A BOM (an editor's, or a file concatenated onto another) is a mark, not data: readers skip
  // it (EventDecoder), so repair drops it and keeps the event. Line numbers are unchanged.
  std::string without_marks;
  std::string_view bytes = file_bytes;
  if (bytes.find(kUtf8ByteOrderMark) != std::string_view::npos) {
    ForEachLine(file_bytes, [&](size_t, std::string_view line) {
      if (line.starts_with(kUtf8ByteOrderMark)) {
        line.remove_prefix(kUtf8ByteOrderMark.size());
        plan.byte_order_mark_removed = true;
      }
      without_marks.append(line.data(), line.size());
      if (line.data() + line.size() < file_bytes.data() + file_bytes.size()) without_marks += '\n';
    });
    bytes = without_marks;
  }
  merge::MergeResult merged = merge::CanonicalizeEventLog(bytes);
  std::string_view events = WithoutLastLines(merged.output, merged.stats.non_events_out);
  plan.repaired.assign(events);
  plan.events = merged.stats.events_out;
  plan.needed = plan.repaired != file_bytes;
  if (!plan.needed) return plan;

  std::optional<merge::ConflictSplit> split = merge::SplitConflictBlocks(bytes);
  std::unordered_set<uint32_t> content_lines;  // lines that belong to a version (the rest are markers)
  if (split) {
    plan.conflict_blocks = split->blocks;
    for (const auto& origin : split->origin) content_lines.insert(origin.begin(), origin.end());
  }
  // Why each non-event line is one, by the line the driver reported (the first of equal lines);
  // the driver's own message says where it keeps the line, which repair does not: it quarantines.
  std::map<size_t, std::string> reasons;
  for (const merge::ReportEntry& entry : merged.report) {
    if (entry.kind == merge::ReportEntry::Kind::kConflictingEvent) plan.conflicting_ids.push_back(entry.event_id);
    if (entry.line != 0 && entry.side == merge::Side::kFile && entry.kind == merge::ReportEntry::Kind::kNotAnEvent) {
      reasons.emplace(entry.line, "not an event (" + entry.problem + ")");
    }
  }
  std::unordered_map<std::string_view, std::string> reason_of_line;  // for the later equal lines
  std::unordered_set<std::string_view> kept;
  ForEachLine(plan.repaired, [&](size_t, std::string_view line) { kept.insert(line); });
  std::unordered_set<std::string_view> seen;
  ForEachLine(bytes, [&](size_t number, std::string_view raw) {
    std::string_view line = StripCr(raw);
    if (line.find_first_not_of(" \t") == std::string_view::npos) return;
    if (split && !content_lines.contains(static_cast<uint32_t>(number))) return;  // a block marker
    if (kept.contains(line)) {
      if (!seen.insert(line).second) ++plan.duplicates_removed;
      return;
    }
    std::string reason = "another version of this event was kept by the merge";
    if (auto reported = reasons.find(number); reported != reasons.end()) {
      reason = reason_of_line[line] = reported->second;
    } else if (auto same = reason_of_line.find(line); same != reason_of_line.end()) {
      reason = same->second;
    }
    plan.quarantined.push_back({number, std::string(raw), std::move(reason)});
  });
  std::sort(plan.conflicting_ids.begin(), plan.conflicting_ids.end());
  plan.conflicting_ids.erase(std::unique(plan.conflicting_ids.begin(), plan.conflicting_ids.end()),
                             plan.conflicting_ids.end());
  return plan;
}

RepairPlan PlanResolution(std::string_view stages_merged, std::string_view work_tree, std::string unmerged_state) {
  constexpr std::string_view kByteOrderMark = "\xef\xbb\xbf";
  const bool mark = work_tree.starts_with(kByteOrderMark);
  std::string input(stages_merged);
  if (!input.empty() && input.back() != '\n') input += '\n';
  const size_t stage_lines = static_cast<size_t>(std::count(input.begin(), input.end(), '\n'));
  input.append(mark ? work_tree.substr(kByteOrderMark.size()) : work_tree);
  RepairPlan plan = PlanRepair(input);
  plan.byte_order_mark_removed = mark;
  plan.duplicates_removed = 0;  // the work tree repeats the versions it came from: no news
  plan.needed = true;           // the git index still needs it marked resolved
  plan.unmerged = std::move(unmerged_state);
  // Renumber in the work tree's file; a line the work tree also quarantines is named there once.
  std::unordered_set<std::string> in_work_tree;  // copies: the lines move below
  for (const QuarantinedLine& line : plan.quarantined) {
    if (line.line > stage_lines) in_work_tree.insert(line.bytes);
  }
  std::vector<QuarantinedLine> quarantined;
  for (QuarantinedLine& line : plan.quarantined) {
    if (line.line > stage_lines) {
      line.line -= stage_lines;
    } else if (in_work_tree.contains(line.bytes)) {
      continue;
    } else {
      line.line = 0;
      line.reason += " (in the git index's versions only)";
    }
    quarantined.push_back(std::move(line));
  }
  plan.quarantined = std::move(quarantined);
  return plan;
}

Result<std::string> ApplyRepair(const LogLayout& layout, const std::string& name, const RepairPlan& plan,
                                int64_t now_millis) {
  std::string quarantine_path;
  if (!plan.quarantined.empty()) {
    KL_RETURN_IF_ERROR(platform::MakeDirectories(layout.quarantine_dir()));
    std::string stem = name.substr(0, name.rfind('.'));
    std::string stamp = FormatTimestamp(now_millis);  // 2026-01-27T10:30:00.123Z
    std::erase(stamp, ':');
    quarantine_path = fmt::format("{}/{}-{}.jsonl", layout.quarantine_dir(), stem, stamp);
    for (int attempt = 1; platform::Stat(quarantine_path).exists; ++attempt) {
      quarantine_path = fmt::format("{}/{}-{}-{}.jsonl", layout.quarantine_dir(), stem, stamp, attempt);
    }
    std::string lines, notes;
    for (const QuarantinedLine& line : plan.quarantined) {
      lines += line.bytes + "\n";
      notes += line.line == 0 ? fmt::format("{}: {}\n", RelativeEventFile(name), line.reason)
                              : fmt::format("{}:{}: {}\n", RelativeEventFile(name), line.line, line.reason);
    }
    KL_RETURN_IF_ERROR(platform::AtomicReplace(quarantine_path + ".notes", notes));
    KL_RETURN_IF_ERROR(platform::AtomicReplace(quarantine_path, lines));
  }
  KL_RETURN_IF_ERROR(platform::AtomicReplace(layout.events_dir() + "/" + name, plan.repaired));
  return quarantine_path;
}

Result<std::string> MoveAside(const LogLayout& layout, const std::string& name, int64_t now_millis) {
  KL_RETURN_IF_ERROR(platform::MakeDirectories(layout.quarantine_dir()));
  std::string stamp = FormatTimestamp(now_millis);
  std::erase(stamp, ':');
  std::string destination = fmt::format("{}/{}.not-a-file-{}", layout.quarantine_dir(), name, stamp);
  for (int attempt = 1; platform::Stat(destination).exists; ++attempt) {
    destination = fmt::format("{}/{}.not-a-file-{}-{}", layout.quarantine_dir(), name, stamp, attempt);
  }
  const std::string source = layout.events_dir() + "/" + name;
  // rename(2) moves the entry itself: a symlink stays a link (its target is never touched), a
  // directory keeps its contents.
  if (int err = platform::Rename(source, destination)) {
    return Status::Io(fmt::format("{}: cannot move aside to {}: {}", RelativeEventFile(name), destination,
                                  std::strerror(err)));
  }
  return destination;
}
}  // namespace kittylog::repair
