// What `kittylog install` changed, kept in <common git dir>/kittylog-install.json so that
// `kittylog uninstall` can undo exactly that and nothing else (DESIGN §9;
// docs/git-integration.md). Each install merges what it changed into the record: the first
// install's "previous" config values and created files stay, later installs only add.
// Plain values plus load/save; failures are Status::Io naming the file.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "git/line_file.h"

namespace kittylog::git {

struct ConfigChange {
  std::string file;
  std::string key;
  std::optional<std::string> previous;  // the value before install; nullopt = was not set
  std::string value;                    // what install wrote
};

struct HookChange {
  std::string directory;
  std::string name;
};

struct InstallRecord {
  std::vector<LineEdit> line_edits;
  std::vector<ConfigChange> config;
  std::vector<HookChange> hooks;

  bool empty() const { return line_edits.empty() && config.empty() && hooks.empty(); }
  // Adds what `later` changed: new lines join the file's edit, new keys and hooks are appended.
  void Merge(const InstallRecord& later);
};

std::string InstallRecordPath(const std::string& common_dir);

// An absent file is an empty record.
Result<InstallRecord> LoadInstallRecord(const std::string& path);

// Writes the record atomically; an empty record removes the file.
Status SaveInstallRecord(const std::string& path, const InstallRecord& record);

}  // namespace kittylog::git
