#include "event/terminal_text.h"

#include <cstdint>

#include <fmt/format.h>
#include <simdjson.h>

namespace kittylog {
namespace {

struct Range {
  char32_t first, last;
};

// Format and separator characters that reorder or hide text (see the header).
constexpr Range kInvisible[] = {
    {0x00AD, 0x00AD}, {0x061C, 0x061C}, {0x180E, 0x180E}, {0x200B, 0x200F}, {0x2028, 0x202E},
    {0x2060, 0x2064}, {0x2066, 0x206F}, {0xFEFF, 0xFEFF}, {0xFFF9, 0xFFFB}, {0xE0000, 0xE007F},
};

// East Asian Wide (W) and Fullwidth (F), Unicode 15 (EastAsianWidth.txt), merged into ranges.
constexpr Range kWide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},   {0x23F0, 0x23F0},
    {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},   {0x267F, 0x267F},
    {0x2693, 0x2693},   {0x26A1, 0x26A1},   {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},
    {0x26CE, 0x26CE},   {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},   {0x2728, 0x2728},
    {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},
    {0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},
    {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
    {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4}, {0x17000, 0x18CFF}, {0x1AFF0, 0x1B2FF},
    {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251},
    {0x1F300, 0x1F320}, {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA},
    {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440},
    {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A},
    {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC},
    {0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6D7}, {0x1F6DC, 0x1F6DF}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC},
    {0x1F7E0, 0x1F7EB}, {0x1F7F0, 0x1F7F0}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF},
    {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

// Combining marks (general category Mn/Me in the blocks that hold most of them): no column.
constexpr Range kCombining[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x20D0, 0x20FF}, {0x302A, 0x302D}, {0x3099, 0x309A},
    {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
};

template <size_t N>
bool In(const Range (&ranges)[N], char32_t c) {
  size_t low = 0, high = N;  // binary search: the tables are sorted and disjoint
  while (low < high) {
    size_t mid = (low + high) / 2;
    if (c < ranges[mid].first) {
      high = mid;
    } else if (c > ranges[mid].last) {
      low = mid + 1;
    } else {
      return true;
    }
  }
  return false;
}

// Length of the valid UTF-8 sequence starting at text[i] and its code point, or length 0.
size_t Decode(std::string_view text, size_t i, char32_t* code_point) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (length == 0 || i + length > text.size()) return 0;
  if (length > 1 && !simdjson::validate_utf8(text.data() + i, length)) return 0;
  static constexpr unsigned char kLeadMask[] = {0, 0x7f, 0x1f, 0x0f, 0x07};
  char32_t value = c & kLeadMask[length];
  for (size_t k = 1; k < length; ++k) value = (value << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
  *code_point = value;
  return length;
}

size_t Columns(char32_t c) {
  if (In(kCombining, c)) return 0;
  return In(kWide, c) ? 2 : 1;
}

// Printable ASCII, which needs neither escaping nor a table lookup: most of any text here.
bool IsPlainAscii(unsigned char c) { return c >= 0x20 && c < 0x7f; }

}  // namespace

std::string EscapeForTerminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (IsPlainAscii(c)) {
      size_t end = i + 1;
      while (end < text.size() && IsPlainAscii(static_cast<unsigned char>(text[end]))) ++end;
      out.append(text.substr(i, end - i));
      i = end;
      continue;
    }
    if (c == '\n') { out += "\\n"; ++i; continue; }
    if (c == '\t') { out += "\\t"; ++i; continue; }
    if (c < 0x20 || c == 0x7f) { out += fmt::format("\\x{:02x}", c); ++i; continue; }
    char32_t code_point = 0;
    size_t length = Decode(text, i, &code_point);
    if (length == 0) { out += fmt::format("\\x{:02x}", c); ++i; continue; }
    if ((code_point >= 0x80 && code_point <= 0x9f) || In(kInvisible, code_point)) {
      out += fmt::format("\\u{{{:x}}}", static_cast<uint32_t>(code_point));
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

TextPrefix PrefixWithin(std::string_view text, size_t columns) {
  TextPrefix prefix;
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {  // one byte, one column (controls too)
      if (prefix.columns >= columns) break;
      ++prefix.columns;
      prefix.bytes = ++i;
      continue;
    }
    char32_t code_point = 0;
    size_t length = Decode(text, i, &code_point);
    size_t width = length == 0 ? 1 : Columns(code_point);
    if (length == 0) length = 1;
    if (prefix.columns + width > columns) break;
    prefix.columns += width;
    i += length;
    prefix.bytes = i;
  }
  return prefix;
}

size_t DisplayWidth(std::string_view text) { return PrefixWithin(text, SIZE_MAX).columns; }

}  // namespace kittylog
