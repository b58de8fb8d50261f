// Text from the log on a terminal (DESIGN §12; docs/reliability.md "Hostile input"): the one
// escaper every output of kittylog and kittylog-merge goes through, and the display width the
// board pads with.
//
// Event content, file names and git objects from a teammate's branch are data: nothing they hold
// may act on the terminal or hide what it says. EscapeForTerminal shows as escapes:
//  - C0 controls and DEL (\n, \t, \r as such, others \xNN), C1 controls (\u{9b});
//  - bidi and invisible format characters, which can reorder or hide what a line seems to say
//    (the "Trojan Source" characters U+202A..U+202E, U+2066..U+2069; zero-width U+200B..U+200F,
//    U+2060..U+2064, U+FEFF; U+061C, U+180E, U+00AD, U+2028/U+2029, U+206A..U+206F,
//    U+FFF9..U+FFFB and the tag characters U+E0000..U+E007F) as \u{202e};
//  - bytes that are not valid UTF-8 as \xNN.
// Every other character is kept. DisplayWidth counts the columns a terminal gives escaped text:
// 2 for East Asian wide and fullwidth characters (CJK, Hangul, fullwidth forms, most emoji),
// 0 for combining marks, 1 otherwise. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kittylog {

std::string EscapeForTerminal(std::string_view text);

size_t DisplayWidth(std::string_view text);

// The longest prefix of `text` (cut between characters) that takes at most `columns` columns,
// and the columns it takes.
struct TextPrefix {
  size_t bytes = 0;
  size_t columns = 0;
};
TextPrefix PrefixWithin(std::string_view text, size_t columns);

}  // namespace kittylog
