// Line-oriented edits of the small text files install touches (.gitattributes, .gitignore),
// made so that uninstall can put every byte back (DESIGN §9; docs/git-integration.md).
//
// EnsureLines appends only the lines that are missing (a line counts as present when it matches
// exactly, CRLF ignored) and reports what it did; RemoveAddedLines undoes exactly that report.
// Existing bytes are never rewritten. Writes are atomic (platform::AtomicReplace).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kittylog::git {

struct LineEdit {
  std::string path;
  bool created = false;        // the file did not exist
  bool added_newline = false;  // the file did not end in "\n", one was added before the lines
  std::vector<std::string> added;
};

Result<LineEdit> EnsureLineList(const std::string& path, const std::vector<std::string>& lines);

// The same for any range of string-like lines (e.g. kGitignoreEntries).
template <typename Lines>
Result<LineEdit> EnsureLines(const std::string& path, const Lines& lines) {
  std::vector<std::string> wanted;
  for (const auto& line : lines) wanted.emplace_back(line);
  return EnsureLineList(path, wanted);
}

// Removes the last occurrence of each line of `edit.added`, then the newline install added, then
// the file when install created it and it is now empty. Returns the lines it could not find.
Result<std::vector<std::string>> RemoveAddedLines(const LineEdit& edit);

// Whether the file holds `line` as a whole line.
bool HasLine(const std::string& path, std::string_view line);

}  // namespace kittylog::git
