#include "tests/support/merge_test_support.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace kittylog::merge::testing {

std::string IdFor(uint64_t n) {
  static constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::string id(26, '0');
  id[0] = '0';
  id[1] = '1';
  for (int i = 25; i >= 2 && n > 0; --i, n >>= 5) id[static_cast<size_t>(i)] = kCrockford[n & 31];
  return id;
}

std::string EventLine(const LineSpec& spec) {
  return fmt::format(
      R"({{"event_id":"{}","event_type":"{}","event_version":1,"lamport_clock":{},"entity_id":"{}",)"
      R"("entity_type":"WorkPackage","timestamp":"2026-01-27T10:30:00.123Z","actor":"{}","causation_id":null,)"
      R"("correlation_id":null,"payload":{{"feature_slug":"{}","old_status":"{}","new_status":"{}"}}}})",
      spec.id, spec.event_type, spec.clock, spec.entity, spec.actor, spec.feature, spec.old_status, spec.new_status);
}

std::string Ev(uint64_t n, int64_t clock, std::string_view new_status) {
  LineSpec spec;
  spec.id = IdFor(n);
  spec.clock = clock;
  spec.new_status = std::string(new_status);
  return EventLine(spec);
}

std::string Log(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out.append(line).push_back('\n');
  return out;
}

std::vector<std::string> Lines(std::string_view bytes) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < bytes.size()) {
    size_t newline = bytes.find('\n', start);
    if (newline == std::string_view::npos) {
      lines.emplace_back(bytes.substr(start));
      break;
    }
    lines.emplace_back(bytes.substr(start, newline - start));
    start = newline + 1;
  }
  return lines;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteBytes(const std::string& path, std::string_view bytes) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

std::vector<std::string> ListTree(const std::string& dir, std::string_view skip) {
  std::vector<std::string> names;
  std::error_code error;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, error);
       it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (!skip.empty() && it->path().filename() == skip) {
      it.disable_recursion_pending();
      continue;
    }
    names.push_back(std::filesystem::relative(it->path(), dir).string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& cwd,
                         const std::vector<std::string>& env) {
  kittylog::testing::ProcessOptions options;
  options.cwd = cwd;
  for (const std::string& entry : env) {
    size_t equals = entry.find('=');
    options.env[entry.substr(0, equals)] = equals == std::string::npos ? "" : entry.substr(equals + 1);
  }
  return kittylog::testing::Run(argv, options);
}

ProcessResult Shell(const std::string& cwd, const std::string& command) {
  return RunProcess({"/bin/sh", "-c", command}, cwd);
}

}  // namespace kittylog::merge::testing
