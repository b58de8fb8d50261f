#include "git/gitignore.h"

#include "git/line_file.h"

namespace kittylog {

Result<std::vector<std::string>> EnsureGitignoreEntries(const LogLayout& layout) {
  KL_ASSIGN_OR_RETURN(git::LineEdit edit, git::EnsureLines(layout.root + "/.gitignore", kGitignoreEntries));
  return std::move(edit.added);
}

}  // namespace kittylog
