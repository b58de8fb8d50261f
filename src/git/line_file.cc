#include "git/line_file.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "platform/file_io.h"

namespace kittylog::git {
namespace {

// The file's lines (without "\n" or a trailing "\r"), with the offset where each starts.
struct Line {
  std::string_view text;
  size_t start;
  size_t end;  // past the "\n" (or the end of the file)
};

std::vector<Line> SplitLines(std::string_view content) {
  std::vector<Line> lines;
  size_t start = 0;
  while (start < content.size()) {
    size_t newline = content.find('\n', start);
    size_t end = newline == std::string_view::npos ? content.size() : newline + 1;
    std::string_view text = content.substr(start, (newline == std::string_view::npos ? content.size() : newline) - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    lines.push_back({text, start, end});
    start = end;
  }
  return lines;
}

Result<std::string> ReadIfExists(const std::string& path) {
  if (!platform::Stat(path).exists) return std::string();
  return platform::ReadFile(path);
}

}  // namespace

Result<LineEdit> EnsureLineList(const std::string& path, const std::vector<std::string>& lines) {
  LineEdit edit;
  edit.path = path;
  edit.created = !platform::Stat(path).exists;
  KL_ASSIGN_OR_RETURN(std::string content, ReadIfExists(path));
  std::vector<Line> present = SplitLines(content);
  for (const std::string& line : lines) {
    bool found = std::any_of(present.begin(), present.end(), [&](const Line& l) { return l.text == line; });
    if (!found) edit.added.push_back(line);
  }
  if (edit.added.empty()) {
    edit.created = false;
    return edit;
  }
  std::string updated = content;
  if (!updated.empty() && updated.back() != '\n') {
    updated += '\n';
    edit.added_newline = true;
  }
  for (const std::string& line : edit.added) updated += line + "\n";
  KL_RETURN_IF_ERROR(platform::AtomicReplace(path, updated));
  return edit;
}

Result<std::vector<std::string>> RemoveAddedLines(const LineEdit& edit) {
  std::vector<std::string> missing;
  if (!platform::Stat(edit.path).exists) return edit.added;
  KL_ASSIGN_OR_RETURN(std::string content, platform::ReadFile(edit.path));
  // The newline install added goes only when nothing was written after install's lines.
  std::string tail;
  for (const std::string& line : edit.added) tail += line + "\n";
  const bool ours_at_end = content.ends_with(tail);
  std::string updated = content;
  for (auto it = edit.added.rbegin(); it != edit.added.rend(); ++it) {
    std::vector<Line> lines = SplitLines(updated);
    auto found = std::find_if(lines.rbegin(), lines.rend(), [&](const Line& l) { return l.text == *it; });
    if (found == lines.rend()) {
      missing.push_back(*it);
      continue;
    }
    updated.erase(found->start, found->end - found->start);
  }
  if (edit.added_newline && ours_at_end && !updated.empty() && updated.back() == '\n') updated.pop_back();
  if (updated == content) return missing;
  if (edit.created && updated.empty()) {
    if (int err = platform::RemoveFile(edit.path)) {
      return Status::Io(fmt::format("{}: cannot remove: {}", edit.path, std::strerror(err)));
    }
    return missing;
  }
  KL_RETURN_IF_ERROR(platform::AtomicReplace(edit.path, updated));
  return missing;
}

bool HasLine(const std::string& path, std::string_view line) {
  Result<std::string> content = ReadIfExists(path);
  if (!content.ok()) return false;
  for (const Line& l : SplitLines(*content)) {
    if (l.text == line) return true;
  }
  return false;
}

}  // namespace kittylog::git
