#include "event/log_files.h"

#include <fmt/format.h>

#include "platform/file_io.h"

namespace kittylog {

Status CheckLogDirectories(const LogLayout& layout) {
  auto shown = [&](const std::string& path) { return path.substr(layout.root.size() + 1); };
  for (const std::string& dir : {layout.kittify_dir(), layout.events_dir(), layout.errors_dir(), layout.quarantine_dir()}) {
    platform::FileIdentity entry = platform::Stat(dir);
    if (!entry.exists || entry.type == platform::FileType::kDirectory) continue;
    if (entry.type == platform::FileType::kSymlink) {
      return platform::SymlinkRefused(shown(dir), "replace it with a directory");
    }
    return Status::Io(fmt::format("{}: is {}, not a directory: move it away", shown(dir),
                                  platform::DescribeType(entry.type)));
  }
  for (const std::string& file : {layout.clock_path(), layout.lock_path()}) {
    if (platform::IsSymlink(file)) return platform::SymlinkRefused(shown(file), "remove it");
  }
  return Status::Ok();
}

Result<LogFiles> ListLogFiles(const std::string& dir, std::string_view shown_dir) {
  KL_ASSIGN_OR_RETURN(std::vector<std::string> names, platform::ListDirectory(dir));
  LogFiles files;
  for (std::string& name : names) {
    if (!IsDailyFileName(name)) continue;
    platform::FileIdentity entry = platform::Stat(dir + "/" + name);
    if (!entry.exists) continue;  // vanished between listing and lstat
    if (entry.type == platform::FileType::kRegular) {
      files.daily.push_back(std::move(name));
    } else {
      std::string shown = fmt::format("{}/{}", shown_dir, name);
      files.skipped.push_back({std::move(name), std::move(shown),
                               fmt::format("{}, not a regular file: skipped, never read",
                                           platform::DescribeType(entry.type))});
    }
  }
  return files;
}

}  // namespace kittylog
