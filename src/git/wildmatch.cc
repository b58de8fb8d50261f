#include "git/wildmatch.h"

#include <cctype>

namespace kittylog::git {
namespace {

char Fold(char c, bool ignore_case) {
  return ignore_case ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
}

// A bracket class at pattern[p] == '['; sets `end` past its ']'. A class that never closes is a
// literal '[' (end = p + 1, matched as the character itself).
bool MatchClass(std::string_view pattern, size_t p, char c, bool ignore_case, size_t& end) {
  size_t i = p + 1;
  bool negated = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
  if (negated) ++i;
  bool matched = false;
  bool first = true;
  for (; i < pattern.size() && (first || pattern[i] != ']'); first = false) {
    char low = pattern[i];
    if (low == '\\' && i + 1 < pattern.size()) low = pattern[++i];
    ++i;
    char high = low;
    if (i + 1 < pattern.size() && pattern[i] == '-' && pattern[i + 1] != ']') {
      high = pattern[i + 1];
      if (high == '\\' && i + 2 < pattern.size()) high = pattern[++i + 1];
      i += 2;
    }
    char folded = Fold(c, ignore_case);
    if ((c >= low && c <= high) || (folded >= Fold(low, ignore_case) && folded <= Fold(high, ignore_case))) {
      matched = true;
    }
  }
  if (i >= pattern.size()) {  // no closing ']'
    end = p + 1;
    return c == '[';
  }
  end = i + 1;
  return c != '/' && matched != negated;
}

bool Match(std::string_view pattern, size_t p, std::string_view text, size_t t, bool ignore_case) {
  while (p < pattern.size()) {
    char pc = pattern[p];
    if (pc == '*') {
      bool double_star = p + 1 < pattern.size() && pattern[p + 1] == '*';
      if (double_star) {
        size_t after = p + 2;
        while (after < pattern.size() && pattern[after] == '*') ++after;
        bool at_boundary = (p == 0 || pattern[p - 1] == '/') && (after == pattern.size() || pattern[after] == '/');
        if (at_boundary) {
          if (after == pattern.size()) return true;  // "/**" at the end: everything below
          // "**/": zero directories, or any prefix ending in '/'.
          if (Match(pattern, after + 1, text, t, ignore_case)) return true;
          for (size_t i = t; i < text.size(); ++i) {
            if (text[i] == '/' && Match(pattern, after + 1, text, i + 1, ignore_case)) return true;
          }
          return false;
        }
        p = after - 1;  // a plain '*'
      }
      ++p;
      for (size_t i = t;; ++i) {
        if (Match(pattern, p, text, i, ignore_case)) return true;
        if (i >= text.size() || text[i] == '/') return false;
      }
    }
    if (t >= text.size()) return false;
    if (pc == '?') {
      if (text[t] == '/') return false;
      ++p;
    } else if (pc == '[') {
      size_t end = 0;
      if (!MatchClass(pattern, p, text[t], ignore_case, end)) return false;
      p = end;
    } else {
      if (pc == '\\' && p + 1 < pattern.size()) pc = pattern[++p];
      if (Fold(pc, ignore_case) != Fold(text[t], ignore_case)) return false;
      ++p;
    }
    ++t;
  }
  return t == text.size();
}

}  // namespace

bool WildMatch(std::string_view pattern, std::string_view text, bool ignore_case) {
  return Match(pattern, 0, text, 0, ignore_case);
}

}  // namespace kittylog::git
