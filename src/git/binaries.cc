#include "git/binaries.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "platform/file_io.h"

namespace kittylog::git {

Result<std::string> SelfExecutable() {
  std::vector<char> buffer(4096);
  ssize_t size = ::readlink("/proc/self/exe", buffer.data(), buffer.size());
  if (size < 0 || static_cast<size_t>(size) >= buffer.size()) {
    return Status::Io(fmt::format("/proc/self/exe: cannot resolve the running binary: {}", std::strerror(errno)));
  }
  return std::string(buffer.data(), static_cast<size_t>(size));
}

bool IsExecutableFile(const std::string& path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

Result<std::string> FindMergeDriver() {
  if (const char* forced = std::getenv("KITTYLOG_MERGE_BINARY"); forced != nullptr && *forced != '\0') {
    if (!IsExecutableFile(forced)) return Status::Io(fmt::format("KITTYLOG_MERGE_BINARY={}: not an executable file", forced));
    return std::string(forced);
  }
  std::string sibling;
  if (Result<std::string> self = SelfExecutable(); self.ok()) {
    sibling = platform::DirName(*self) + "/" + std::string(kMergeDriverName);
    if (IsExecutableFile(sibling)) return sibling;
  }
  if (std::string on_path = FindOnPath(kMergeDriverName); !on_path.empty()) return on_path;
  return Status::Io(fmt::format("kittylog-merge not found next to kittylog ({}) nor on PATH; install it beside "
                                "kittylog or set KITTYLOG_MERGE_BINARY",
                                sibling.empty() ? "/proc/self/exe unreadable" : sibling));
}

std::string FindOnPath(std::string_view name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  std::string_view rest(path);
  while (!rest.empty()) {
    size_t colon = rest.find(':');
    std::string_view dir = rest.substr(0, colon);
    // Relative entries ("", ".") depend on the directory git happens to run in: never used.
    if (!dir.empty() && dir.front() == '/') {
      std::string candidate = std::string(dir) + "/" + std::string(name);
      if (IsExecutableFile(candidate)) return candidate;
    }
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return "";
}

std::string NameForGit(const std::string& absolute_path, std::string_view name) {
  std::string on_path = FindOnPath(name);
  struct stat found, wanted;
  if (on_path.empty() || ::stat(on_path.c_str(), &found) != 0 || ::stat(absolute_path.c_str(), &wanted) != 0) {
    return absolute_path;
  }
  bool same = found.st_dev == wanted.st_dev && found.st_ino == wanted.st_ino;
  return same ? std::string(name) : absolute_path;
}

std::string ResolveCommand(const std::string& word) {
  if (word.find('/') != std::string::npos) return word;
  return FindOnPath(word);
}

std::string ShellQuote(std::string_view text) {
  bool plain = !text.empty();
  for (char c : text) {
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                std::strchr("_/.,:+=@-", c) != nullptr;
    if (!safe) plain = false;
  }
  return plain ? std::string(text) : SingleQuoted(text);
}

std::string SingleQuoted(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

std::string FirstShellWord(std::string_view command) {
  std::string word;
  size_t i = command.find_first_not_of(" \t");
  if (i == std::string_view::npos) return word;
  char quote = 0;
  for (; i < command.size(); ++i) {
    char c = command[i];
    if (quote == '\'') {
      if (c == '\'') quote = 0; else word += c;
    } else if (quote == '"') {
      if (c == '"') quote = 0;
      else if (c == '\\' && i + 1 < command.size()) word += command[++i];
      else word += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '\\' && i + 1 < command.size()) {
      word += command[++i];
    } else if (c == ' ' || c == '\t') {
      break;
    } else {
      word += c;
    }
  }
  return word;
}

}  // namespace kittylog::git
