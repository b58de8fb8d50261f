// Text that reaches a terminal or a JSON consumer. Everything printed that came from a log
// (ids, actors, reasons: a teammate's branch is untrusted input) goes through EscapeForTerminal
// (event/terminal_text.h, the one escaper, shared with kittylog-merge), so control characters,
// escape sequences and bidi/invisible format characters are shown escaped, never interpreted.
// Print writes a command's rendered text to stdout as is (cli/render/ renders it).
#pragma once

#include <string>
#include <string_view>

#include "event/terminal_text.h"

namespace kittylog::cli {

using kittylog::DisplayWidth;
using kittylog::EscapeForTerminal;

// A JSON string literal for `text` (the canonical escaping of the event writer).
std::string JsonQuote(std::string_view text);

// ANSI colour around `text` when `enabled` (code e.g. "32" green, "1" bold).
std::string Colour(std::string_view text, std::string_view code, bool enabled);

// `text` on stdout, byte for byte.
void Print(std::string_view text);

}  // namespace kittylog::cli
