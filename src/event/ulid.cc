#include "event/ulid.h"

#include <array>

#include "platform/system.h"

namespace kittylog {
namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// The value of each byte as a Crockford base32 digit (upper case only), -1 for any other byte.
// A table: IsValidUlid runs once per line of every index rebuild.
constexpr std::array<int8_t, 256> kDigitValue = [] {
  std::array<int8_t, 256> value{};
  value.fill(-1);
  for (int i = 0; i < 32; ++i) value[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int8_t>(i);
  return value;
}();

int DecodeChar(char c) { return kDigitValue[static_cast<unsigned char>(c)]; }

}  // namespace

bool IsValidUlid(std::string_view text) {
  if (text.size() != kUlidLength || text[0] > '7') return false;
  for (char c : text) {
    if (DecodeChar(c) < 0) return false;
  }
  return true;
}

int64_t UlidMillis(std::string_view ulid) {
  int64_t value = 0;
  for (size_t i = 0; i < 10; ++i) value = value * 32 + DecodeChar(ulid[i]);
  return value;
}

std::string UlidGenerator::Next(int64_t epoch_millis) {
  if (epoch_millis <= last_millis_) {
    // Same (or earlier) millisecond: keep the previous time and add one to the random part, so
    // ids stay strictly increasing. An 80-bit overflow moves to the next millisecond.
    epoch_millis = last_millis_;
    int i = 9;
    while (i >= 0 && ++last_random_[i] == 0) --i;
    if (i < 0) {
      ++epoch_millis;
      platform::RandomBytes(last_random_.data(), last_random_.size());
    }
  } else {
    platform::RandomBytes(last_random_.data(), last_random_.size());
  }
  last_millis_ = epoch_millis;

  std::string out(kUlidLength, '0');
  uint64_t time = static_cast<uint64_t>(epoch_millis) & ((uint64_t{1} << 48) - 1);
  for (int i = 9; i >= 0; --i) {
    out[i] = kAlphabet[time & 31];
    time >>= 5;
  }
  // 80 random bits -> 16 characters of 5 bits, most significant first.
  unsigned __int128 random = 0;
  for (uint8_t byte : last_random_) random = (random << 8) | byte;
  for (int i = 25; i >= 10; --i) {
    out[i] = kAlphabet[static_cast<unsigned>(random & 31)];
    random >>= 5;
  }
  return out;
}

}  // namespace kittylog
