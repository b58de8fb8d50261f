#include "cli/frame/display.h"

#include <cstdio>

#include <fmt/format.h>

#include "event/json_writer.h"

namespace kittylog::cli {

std::string JsonQuote(std::string_view text) {
  std::string out;
  AppendJsonString(out, text);
  return out;
}

std::string Colour(std::string_view text, std::string_view code, bool enabled) {
  if (!enabled) return std::string(text);
  return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

void Print(std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); }

}  // namespace kittylog::cli
