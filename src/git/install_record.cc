#include "git/install_record.h"

#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>
#include <simdjson.h>

#include "event/json_writer.h"
#include "platform/file_io.h"

namespace kittylog::git {
namespace {

constexpr int kRecordVersion = 1;

std::string Encode(const InstallRecord& record) {
  JsonWriter out;
  out.BeginObject();
  out.Key("version");
  out.Int(kRecordVersion);
  out.Key("files");
  out.BeginArray();
  for (const LineEdit& edit : record.line_edits) {
    out.BeginObject();
    out.Key("path");
    out.String(edit.path);
    out.Key("created");
    out.Bool(edit.created);
    out.Key("added_newline");
    out.Bool(edit.added_newline);
    out.Key("lines");
    out.BeginArray();
    for (const std::string& line : edit.added) out.String(line);
    out.EndArray();
    out.EndObject();
  }
  out.EndArray();
  out.Key("config");
  out.BeginArray();
  for (const ConfigChange& change : record.config) {
    out.BeginObject();
    out.Key("file");
    out.String(change.file);
    out.Key("key");
    out.String(change.key);
    out.Key("previous");
    if (change.previous) out.String(*change.previous); else out.Null();
    out.Key("value");
    out.String(change.value);
    out.EndObject();
  }
  out.EndArray();
  out.Key("hooks");
  out.BeginArray();
  for (const HookChange& hook : record.hooks) {
    out.BeginObject();
    out.Key("directory");
    out.String(hook.directory);
    out.Key("name");
    out.String(hook.name);
    out.EndObject();
  }
  out.EndArray();
  out.EndObject();
  return out.Take() + "\n";
}

Status Corrupt(const std::string& path, std::string_view what) {
  return Status::Io(fmt::format("{}: unreadable install record ({}); move it away and run `kittylog install` again",
                                path, what));
}

}  // namespace

void InstallRecord::Merge(const InstallRecord& later) {
  for (const LineEdit& edit : later.line_edits) {
    if (edit.added.empty()) continue;
    auto it = std::find_if(line_edits.begin(), line_edits.end(), [&](const LineEdit& e) { return e.path == edit.path; });
    if (it == line_edits.end()) {
      line_edits.push_back(edit);
    } else {
      for (const std::string& line : edit.added) {
        if (std::find(it->added.begin(), it->added.end(), line) == it->added.end()) it->added.push_back(line);
      }
    }
  }
  for (const ConfigChange& change : later.config) {
    bool known = std::any_of(config.begin(), config.end(),
                             [&](const ConfigChange& c) { return c.file == change.file && c.key == change.key; });
    if (!known) config.push_back(change);
    else {
      for (ConfigChange& c : config) {
        if (c.file == change.file && c.key == change.key) c.value = change.value;
      }
    }
  }
  for (const HookChange& hook : later.hooks) {
    bool known = std::any_of(hooks.begin(), hooks.end(),
                             [&](const HookChange& h) { return h.directory == hook.directory && h.name == hook.name; });
    if (!known) hooks.push_back(hook);
  }
}

std::string InstallRecordPath(const std::string& common_dir) { return common_dir + "/kittylog-install.json"; }

Result<InstallRecord> LoadInstallRecord(const std::string& path) {
  InstallRecord record;
  if (!platform::Stat(path).exists) return record;
  KL_ASSIGN_OR_RETURN(platform::PaddedBuffer buffer, platform::ReadFilePadded(path, simdjson::SIMDJSON_PADDING));
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  if (parser.parse(buffer.data.get(), buffer.size, false).get(root) != simdjson::SUCCESS) return Corrupt(path, "not JSON");
  int64_t version = 0;
  if (root["version"].get(version) != simdjson::SUCCESS || version != kRecordVersion) {
    return Corrupt(path, "unknown version");
  }
  auto text = [](simdjson::dom::element element, std::string& out) {
    std::string_view view;
    if (element.get(view) != simdjson::SUCCESS) return false;
    out.assign(view);
    return true;
  };
  simdjson::dom::array files, config, hooks;
  if (root["files"].get(files) || root["config"].get(config) || root["hooks"].get(hooks)) {
    return Corrupt(path, "missing sections");
  }
  for (simdjson::dom::element item : files) {
    LineEdit edit;
    simdjson::dom::array lines;
    if (!text(item["path"], edit.path) || item["created"].get(edit.created) || item["added_newline"].get(edit.added_newline) ||
        item["lines"].get(lines)) {
      return Corrupt(path, "bad file entry");
    }
    for (simdjson::dom::element line : lines) {
      std::string value;
      if (!text(line, value)) return Corrupt(path, "bad line");
      edit.added.push_back(std::move(value));
    }
    record.line_edits.push_back(std::move(edit));
  }
  for (simdjson::dom::element item : config) {
    ConfigChange change;
    if (!text(item["file"], change.file) || !text(item["key"], change.key) || !text(item["value"], change.value)) {
      return Corrupt(path, "bad config entry");
    }
    std::string previous;
    if (text(item["previous"], previous)) change.previous = previous;
    record.config.push_back(std::move(change));
  }
  for (simdjson::dom::element item : hooks) {
    HookChange hook;
    if (!text(item["directory"], hook.directory) || !text(item["name"], hook.name)) return Corrupt(path, "bad hook entry");
    record.hooks.push_back(std::move(hook));
  }
  return record;
}

Status SaveInstallRecord(const std::string& path, const InstallRecord& record) {
  if (record.empty()) {
    if (platform::Stat(path).exists && platform::RemoveFile(path) != 0) {
      return Status::Io(fmt::format("{}: cannot remove the install record", path));
    }
    return Status::Ok();
  }
  return platform::AtomicReplace(path, Encode(record));
}

}  // namespace kittylog::git
