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
  std::vector<std::string> candidates;
  if (Result<std::string> self = SelfExecutable(); self.ok()) {
    std::string dir = platform::DirName(*self);
    candidates.push_back(dir + "/kittylog-merge");
    // The build tree keeps the driver in its own folder: build/src/cli/ and build/mergedriver/.
    candidates.push_back(platform::DirName(platform::DirName(dir)) + "/mergedriver/kittylog-merge");
  }
  if (const char* path = std::getenv("PATH"); path != nullptr) {
    std::string_view rest(path);
    while (!rest.empty()) {
      size_t colon = rest.find(':');
      std::string_view dir = rest.substr(0, colon);
      if (!dir.empty() && dir.front() == '/') candidates.push_back(std::string(dir) + "/kittylog-merge");
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  for (const std::string& candidate : candidates) {
    if (IsExecutableFile(candidate)) return candidate;
  }
  return Status::Io(
      "kittylog-merge not found next to kittylog, in the build tree or on PATH; install it beside kittylog or set "
      "KITTYLOG_MERGE_BINARY");
}

std::string ShellQuote(std::string_view text) {
  bool plain = !text.empty();
  for (char c : text) {
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                std::strchr("_/.,:+=@-", c) != nullptr;
    if (!safe) plain = false;
  }
  if (plain) return std::string(text);
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
