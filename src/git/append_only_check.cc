#include "git/append_only_check.h"

#include <set>
#include <unordered_map>
#include <unordered_set>

#include <simdjson.h>

#include "event/line_reader.h"
#include "event/log_layout.h"
#include "platform/file_io.h"

namespace kittylog::git {
namespace {

constexpr const char* kEventsDir = ".kittify/events";

struct CommittedEvent {
  std::string file;
  std::string event_id;
  int64_t clock = 0;
  std::string line;  // as the reader sees it
};

// Calls `on_event` for each event of `bytes` (lines that are not events are ignored).
template <typename F>
void ForEachEvent(const std::string& bytes, F on_event) {
  platform::PaddedBuffer padded = platform::PaddedCopy(bytes, simdjson::SIMDJSON_PADDING);
  EventDecoder decoder;
  ReadEventLines(
      padded.view(), decoder, EventDecoder::Options{},
      [&](Event&& event, size_t) { on_event(event); }, [](LineProblem&&) {});
}

std::string_view NameOf(const std::string& path) { return std::string_view(path).substr(path.rfind('/') + 1); }

bool IsDailyPath(const std::string& path) {
  return path.starts_with(std::string(kEventsDir) + "/") && path.find('/', sizeof ".kittify/events") == std::string::npos &&
         IsDailyFileName(NameOf(path));
}

}  // namespace

Result<std::vector<LostEvent>> FindLostEvents(const GitRepository& repo, const std::vector<StagedFile>& staged) {
  // The daily files this commit changes: staged with other content, or gone from the index.
  std::set<std::string> unchanged;
  std::unordered_map<std::string, std::unordered_set<std::string>> kept;  // event_id -> lines, changed files
  for (const StagedFile& file : staged) {
    if (!IsDailyPath(file.path) || file.is_symlink) continue;
    if (file.same_as_head) {
      unchanged.insert(file.path);
      continue;
    }
    ForEachEvent(file.bytes, [&](const Event& event) { kept[event.event_id].insert(event.raw_line); });
  }
  KL_ASSIGN_OR_RETURN(std::vector<StagedFile> committed,
                      repo.HeadFiles(kEventsDir, [&](std::string_view name) {
                        std::string path = std::string(kEventsDir) + "/" + std::string(name);
                        return IsDailyFileName(name) && !unchanged.contains(path);
                      }));
  std::vector<CommittedEvent> head_events;
  for (const StagedFile& file : committed) {
    ForEachEvent(file.bytes, [&](const Event& event) {
      head_events.push_back({file.path, event.event_id, event.lamport_clock, event.raw_line});
    });
  }
  // An id with several versions in HEAD is kept when any one of them is.
  std::unordered_set<std::string> satisfied;
  for (const CommittedEvent& event : head_events) {
    auto it = kept.find(event.event_id);
    if (it != kept.end() && it->second.contains(event.line)) satisfied.insert(event.event_id);
  }
  std::vector<LostEvent> lost;
  std::unordered_set<std::string> reported;
  std::vector<const CommittedEvent*> missing;
  for (const CommittedEvent& event : head_events) {
    if (satisfied.contains(event.event_id) || !reported.insert(event.event_id).second) continue;
    missing.push_back(&event);
  }
  if (missing.empty()) return lost;
  // A copy in a daily file the commit leaves unchanged keeps the event too (a duplicate went).
  KL_ASSIGN_OR_RETURN(std::vector<StagedFile> others,
                      repo.HeadFiles(kEventsDir, [&](std::string_view name) {
                        return unchanged.contains(std::string(kEventsDir) + "/" + std::string(name));
                      }));
  std::unordered_map<std::string, std::unordered_set<std::string>> elsewhere;
  for (const StagedFile& file : others) {
    ForEachEvent(file.bytes, [&](const Event& event) { elsewhere[event.event_id].insert(event.raw_line); });
  }
  for (const CommittedEvent* event : missing) {
    auto copy = elsewhere.find(event->event_id);
    if (copy != elsewhere.end() && copy->second.contains(event->line)) continue;
    lost.push_back({event->file, event->event_id, event->clock, kept.contains(event->event_id)});
  }
  return lost;
}

}  // namespace kittylog::git
