#include "merge/conflict_blocks.h"

#include <cstring>

#include "event/conflict_markers.h"

namespace kittylog::merge {
namespace {

enum class Section { kCommon, kOurs, kBase, kTheirs };

}  // namespace

std::optional<ConflictSplit> SplitConflictBlocks(std::string_view bytes) {
  ConflictSplit split;
  std::string* versions[3] = {&split.base, &split.ours, &split.theirs};
  Section section = Section::kCommon;
  uint32_t line_number = 0;
  const char* cursor = bytes.data();
  const char* end = bytes.data() + bytes.size();
  auto add = [&](Side side, std::string_view line) {
    versions[static_cast<int>(side)]->append(line).push_back('\n');
    split.origin[static_cast<int>(side)].push_back(line_number);
  };
  while (cursor < end) {
    ++line_number;
    const char* newline = static_cast<const char*>(std::memchr(cursor, '\n', static_cast<size_t>(end - cursor)));
    const char* line_end = newline != nullptr ? newline : end;
    std::string_view line(cursor, static_cast<size_t>(line_end - cursor));
    cursor = newline != nullptr ? newline + 1 : end;
    while (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // as LineParser reads lines
    ConflictMarker marker = ConflictMarkerOf(line);
    if (marker != ConflictMarker::kNone) {
      if (marker == ConflictMarker::kOpen && section == Section::kCommon) section = Section::kOurs;
      else if (marker == ConflictMarker::kBase && section == Section::kOurs) section = Section::kBase;
      else if (marker == ConflictMarker::kSeparator && (section == Section::kOurs || section == Section::kBase)) section = Section::kTheirs;
      else if (marker == ConflictMarker::kClose && section == Section::kTheirs) section = Section::kCommon, ++split.blocks;
      else return std::nullopt;
      continue;
    }
    switch (section) {
      case Section::kCommon:
        add(Side::kBase, line);
        add(Side::kOurs, line);
        add(Side::kTheirs, line);
        break;
      case Section::kOurs: add(Side::kOurs, line); break;
      case Section::kBase: add(Side::kBase, line); break;
      case Section::kTheirs: add(Side::kTheirs, line); break;
    }
  }
  if (section != Section::kCommon || split.blocks == 0) return std::nullopt;
  return split;
}

MergeResult CanonicalizeEventLog(std::string_view bytes) {
  MergeOptions options;
  options.fast_path = false;
  std::optional<ConflictSplit> split = SplitConflictBlocks(bytes);
  MergeResult result = split ? MergeEventLogs(split->base, split->ours, split->theirs, options)
                             : MergeEventLogs({}, bytes, {}, options);
  for (ReportEntry& entry : result.report) {
    if (entry.line == 0) continue;
    if (split) {
      const std::vector<uint32_t>& origin = split->origin[static_cast<int>(entry.side)];
      if (entry.line <= origin.size()) entry.line = origin[entry.line - 1];
    }
    entry.side = Side::kFile;
  }
  return result;
}

}  // namespace kittylog::merge
