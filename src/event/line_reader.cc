#include "event/line_reader.h"

#include <cstring>

#include <fmt/format.h>

#include "event/conflict_markers.h"
#include "platform/file_io.h"

namespace kittylog {

std::string LineProblem::Format(std::string_view file) const {
  return fmt::format("{}:{}: {}", file, line_number, reason);
}

bool ReadEventLines(std::string_view data, EventDecoder& decoder, const EventDecoder::Options& options,
                    const EventSink& on_event, const ProblemSink& on_problem) {
  const char* cursor = data.data();
  const char* end = data.data() + data.size();
  size_t line_number = 0;
  bool torn_tail = false;
  std::vector<std::string> notes;
  while (cursor < end) {
    ++line_number;
    const char* newline = static_cast<const char*>(std::memchr(cursor, '\n', static_cast<size_t>(end - cursor)));
    bool terminated = newline != nullptr;
    const char* line_end = terminated ? newline : end;
    std::string_view line(cursor, static_cast<size_t>(line_end - cursor));
    cursor = terminated ? newline + 1 : end;
    if (!terminated) torn_tail = true;

    std::string_view trimmed = line;
    if (!trimmed.empty() && trimmed.back() == '\r') trimmed.remove_suffix(1);
    if (trimmed.find_first_not_of(" \t") == std::string_view::npos) {
      if (!terminated && !line.empty()) on_problem({line_number, "torn tail: no final newline", std::string(line), false, true});
      continue;
    }
    notes.clear();
    Result<Event> decoded = decoder.Decode(line, options, &notes);
    if (!decoded.ok()) {
      std::string reason = IsConflictMarker(line) ? "conflict marker: run `kittylog repair`" : decoded.status().message();
      if (!terminated) reason = "torn tail: " + reason;
      on_problem({line_number, std::move(reason), std::string(line), false, !terminated});
      continue;
    }
    for (std::string& note : notes) on_problem({line_number, std::move(note), std::string(line), true, false});
    if (!terminated) on_problem({line_number, "no final newline (torn tail)", std::string(line), true, true});
    on_event(std::move(decoded).value(), line_number);
  }
  return torn_tail;
}

LogContents ReadLogContents(std::string_view data, const EventDecoder::Options& options) {
  LogContents contents;
  EventDecoder decoder;
  contents.torn_tail = ReadEventLines(
      data, decoder, options,
      [&](Event&& event, size_t line_number) {
        contents.events.push_back(std::move(event));
        contents.line_numbers.push_back(line_number);
      },
      [&](LineProblem&& problem) { contents.problems.push_back(std::move(problem)); });
  return contents;
}

Result<LogContents> ReadLogFile(const std::string& path, const EventDecoder::Options& options) {
  if (!platform::Stat(path).exists) return LogContents{};
  KL_ASSIGN_OR_RETURN(platform::PaddedBuffer buffer, platform::ReadFilePadded(path, simdjson::SIMDJSON_PADDING));
  return ReadLogContents(buffer.view(), options);
}

}  // namespace kittylog
