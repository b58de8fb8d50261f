#include "bench/merge/log_generator.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string_view>
#include <vector>

namespace kittylog::bench {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr uint64_t kStartMillis = 1769509800000ull;  // 2026-01-27T10:30:00Z
constexpr const char* kLanes[] = {"planned", "doing", "for_review", "done", "rejected"};
constexpr const char* kFeatures[] = {"025-cli-event-log", "026-merge-driver", "027-sync-server", "028-index-cache"};
constexpr const char* kActors[] = {"claude-agent-1", "claude-agent-2", "codex-reviewer", "alice@example.com"};

std::string Timestamp(uint64_t millis) {
  std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis % 1000));
  return text;
}

}  // namespace

uint64_t LogGenerator::Next() {  // splitmix64
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::string LogGenerator::Ulid(uint64_t millis) {
  std::string id(26, '0');
  for (int i = 9; i >= 0; --i, millis >>= 5) id[static_cast<size_t>(i)] = kCrockford[millis & 31];
  for (size_t i = 10; i < 26; ++i) id[i] = kCrockford[Next() & 31];
  return id;
}

std::string LogGenerator::Line(uint64_t clock) {
  uint64_t millis = kStartMillis + clock * 1000 + Next() % 1000;
  const char* feature = kFeatures[Next() % 4];
  std::string wp = "WP" + std::to_string(10 + Next() % 40);
  const char* actor = kActors[Next() % 4];
  std::string head = "{\"event_id\":\"" + Ulid(millis) + "\",\"event_type\":\"";
  std::string common = ",\"event_version\":1,\"lamport_clock\":" + std::to_string(clock) + ",\"entity_id\":\"" +
                       wp + "\",\"entity_type\":\"WorkPackage\",\"timestamp\":\"" + Timestamp(millis) +
                       "\",\"actor\":\"" + actor + "\",\"causation_id\":\"cmd-" + Ulid(millis) +
                       "\",\"correlation_id\":\"" + Ulid(millis - 5000) + "\",\"payload\":{";
  uint64_t kind = Next() % 10;
  if (kind < 5) {
    size_t from = Next() % 4;
    return head + "WPStatusChanged\"" + common + "\"feature_slug\":\"" + feature + "\",\"old_status\":\"" +
           kLanes[from] + "\",\"new_status\":\"" + kLanes[from + 1] +
           "\",\"reason\":\"checks passed\"}}";
  }
  if (kind < 8) {
    return head + "SubtaskCompleted\"" + common + "\"work_package_id\":\"" + wp + "\",\"subtask_index\":" +
           std::to_string(Next() % 12) + ",\"subtask_text\":\"Test the torn-tail reader\"," +
           "\"feature_slug\":\"" + feature + "\"}}";
  }
  return head + "TagsAdded\"" + common + "\"tags\":[\"backend\",\"merge\",\"needs-review\"],\"feature_slug\":\"" +
         feature + "\"}}";
}

std::string LogGenerator::Events(size_t count, uint64_t first_clock, bool shuffle) {
  std::vector<std::string> lines;
  lines.reserve(count);
  for (size_t i = 0; i < count; ++i) lines.push_back(Line(first_clock + i));
  if (shuffle) {
    for (size_t i = lines.size(); i > 1; --i) std::swap(lines[i - 1], lines[Next() % i]);
  }
  std::string out;
  for (const std::string& line : lines) out.append(line).push_back('\n');
  return out;
}

bool ReadWholeFile(const std::string& path, std::string* bytes) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return false;
  bytes->clear();
  char chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, file)) > 0) bytes->append(chunk, n);
  std::fclose(file);
  return true;
}

bool WriteWholeFile(const std::string& path, const std::string& bytes) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return false;
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
  return std::fclose(file) == 0 && ok;
}

}  // namespace kittylog::bench
