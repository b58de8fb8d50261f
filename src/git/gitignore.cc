#include "git/gitignore.h"

#include <sstream>

#include "platform/file_io.h"

namespace kittylog {

Result<std::vector<std::string>> EnsureGitignoreEntries(const LogLayout& layout) {
  const std::string path = layout.root + "/.gitignore";
  std::string content;
  if (platform::Stat(path).exists) {
    KL_ASSIGN_OR_RETURN(content, platform::ReadFile(path));
  }
  std::vector<std::string> present;
  std::istringstream lines(content);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    present.push_back(line);
  }
  std::vector<std::string> added;
  for (std::string_view entry : kGitignoreEntries) {
    bool found = false;
    for (const std::string& line : present) found |= line == entry;
    if (!found) added.emplace_back(entry);
  }
  if (added.empty()) return added;
  std::string updated = content;
  if (!updated.empty() && updated.back() != '\n') updated += '\n';
  for (const std::string& line : added) updated += line + "\n";
  KL_RETURN_IF_ERROR(platform::AtomicReplace(path, updated));
  return added;
}

}  // namespace kittylog
