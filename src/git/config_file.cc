#include "git/config_file.h"

#include <git2.h>

#include <fmt/format.h>

#include "git/repository.h"
#include "platform/file_io.h"

namespace kittylog::git {

Result<std::unique_ptr<ConfigFile>> ConfigFile::Open(const std::string& path) {
  git_config* config = nullptr;
  if (git_config_open_ondisk(&config, path.c_str()) != 0) {
    return Status::Io(fmt::format("{}: cannot open the git config: {}", path, LastGitError()));
  }
  return std::unique_ptr<ConfigFile>(new ConfigFile(config, path));
}

ConfigFile::~ConfigFile() { git_config_free(config_); }

std::optional<std::string> ConfigFile::Get(const std::string& key) const {
  git_config* snapshot = nullptr;
  if (git_config_snapshot(&snapshot, config_) != 0) return std::nullopt;
  git_buf value = GIT_BUF_INIT;
  std::optional<std::string> result;
  if (git_config_get_string_buf(&value, snapshot, key.c_str()) == 0) result.emplace(value.ptr, value.size);
  git_buf_dispose(&value);
  git_config_free(snapshot);
  git_error_clear();
  return result;
}

Status ConfigFile::Set(const std::string& key, const std::string& value) {
  if (git_config_set_string(config_, key.c_str(), value.c_str()) != 0) {
    return Status::Io(fmt::format("{}: cannot set {}: {}", path_, key, LastGitError()));
  }
  return Status::Ok();
}

Status ConfigFile::Delete(const std::string& key) {
  int rc = git_config_delete_entry(config_, key.c_str());
  if (rc != 0 && rc != GIT_ENOTFOUND) return Status::Io(fmt::format("{}: cannot unset {}: {}", path_, key, LastGitError()));
  git_error_clear();
  return Status::Ok();
}

bool ConfigFile::HasKeysMatching(const std::string& regex) const {
  git_config* snapshot = nullptr;
  if (git_config_snapshot(&snapshot, config_) != 0) return false;
  bool found = false;
  git_config_foreach_match(
      snapshot, regex.c_str(),
      [](const git_config_entry*, void* payload) {
        *static_cast<bool*>(payload) = true;
        return 0;
      },
      &found);
  git_config_free(snapshot);
  git_error_clear();
  return found;
}

Status RemoveEmptySection(const std::string& path, std::string_view header) {
  KL_ASSIGN_OR_RETURN(std::string content, platform::ReadFile(path, platform::Links::kFollow));
  std::string updated;
  size_t start = 0;
  while (start < content.size()) {
    size_t newline = content.find('\n', start);
    size_t end = newline == std::string::npos ? content.size() : newline + 1;
    std::string_view line(content.data() + start, end - start);
    std::string_view trimmed = line;
    while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r' || trimmed.back() == ' ' ||
                                trimmed.back() == '\t')) {
      trimmed.remove_suffix(1);
    }
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) trimmed.remove_prefix(1);
    if (trimmed == header) {
      // Empty when the next non-blank line is another section header or the end of the file.
      size_t next = end;
      bool empty = true;
      while (next < content.size()) {
        size_t next_newline = content.find('\n', next);
        size_t next_end = next_newline == std::string::npos ? content.size() : next_newline + 1;
        std::string_view next_line(content.data() + next, next_end - next);
        size_t first = next_line.find_first_not_of(" \t\r\n");
        if (first != std::string_view::npos) {
          empty = next_line[first] == '[';
          break;
        }
        next = next_end;
      }
      if (empty) {
        start = end;
        continue;
      }
    }
    updated.append(line);
    start = end;
  }
  if (updated == content) return Status::Ok();
  return platform::AtomicReplace(path, updated);
}

}  // namespace kittylog::git
