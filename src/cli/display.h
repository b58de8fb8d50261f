// Text that reaches a terminal or a JSON consumer. Everything printed that came from a log
// (ids, actors, reasons: a teammate's branch is untrusted input) goes through EscapeForTerminal,
// so control characters and escape sequences are shown escaped, never interpreted.
#pragma once

#include <string>
#include <string_view>

namespace kittylog::cli {

// Control characters (C0, DEL, and C1 when encoded as UTF-8) become \n, \t, \xNN or \u{NN};
// invalid UTF-8 bytes become \xNN. Printable UTF-8 is kept.
std::string EscapeForTerminal(std::string_view text);

// A JSON string literal for `text` (the canonical escaping of the event writer).
std::string JsonQuote(std::string_view text);

// ANSI colour around `text` when `enabled` (code e.g. "32" green, "1" bold).
std::string Colour(std::string_view text, std::string_view code, bool enabled);

}  // namespace kittylog::cli
