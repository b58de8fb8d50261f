#include "index/content_hash.h"

#include <cstring>

#include <fmt/format.h>

#include "platform/system.h"

namespace kittylog::index_internal {
namespace {

inline uint64_t Rotl(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

// SipHash-c-d's state: four words, a count of the bytes absorbed. Words are read little-endian,
// as the reference does (this host is little-endian; the index never leaves its machine anyway).
template <int kCompressionRounds, int kFinalRounds>
class Sip {
 public:
  explicit Sip(const ContentKey& key)
      : v0_(key.k0 ^ 0x736f6d6570736575ULL),
        v1_(key.k1 ^ 0x646f72616e646f6dULL),
        v2_(key.k0 ^ 0x6c7967656e657261ULL),
        v3_(key.k1 ^ 0x7465646279746573ULL) {}

  void Word(uint64_t m) {
    v3_ ^= m;
    for (int i = 0; i < kCompressionRounds; ++i) Round();
    v0_ ^= m;
    length_ += 8;
  }

  // The bytes that remain (any number: whole words first, then the tail) and the finalisation.
  uint64_t Finish(const char* data, size_t size) {
    for (; size >= 8; data += 8, size -= 8) {
      uint64_t m;
      std::memcpy(&m, data, 8);
      Word(m);
    }
    uint64_t last = static_cast<uint64_t>(length_ + size) << 56;
    if (size > 0) {
      uint64_t tail = 0;
      std::memcpy(&tail, data, size);
      last |= tail;
    }
    v3_ ^= last;
    for (int i = 0; i < kCompressionRounds; ++i) Round();
    v0_ ^= last;
    v2_ ^= 0xff;
    for (int i = 0; i < kFinalRounds; ++i) Round();
    return v0_ ^ v1_ ^ v2_ ^ v3_;
  }

 private:
  void Round() {
    v0_ += v1_;
    v1_ = Rotl(v1_, 13);
    v1_ ^= v0_;
    v0_ = Rotl(v0_, 32);
    v2_ += v3_;
    v3_ = Rotl(v3_, 16);
    v3_ ^= v2_;
    v0_ += v3_;
    v3_ = Rotl(v3_, 21);
    v3_ ^= v0_;
    v2_ += v1_;
    v1_ = Rotl(v1_, 17);
    v1_ ^= v2_;
    v2_ = Rotl(v2_, 32);
  }

  uint64_t v0_, v1_, v2_, v3_;
  uint64_t length_ = 0;
};

}  // namespace

uint64_t SipHash24(const ContentKey& key, std::string_view bytes) {
  return Sip<2, 4>(key).Finish(bytes.data(), bytes.size());
}

uint64_t ContentHash(const ContentKey& key, uint64_t state, std::string_view bytes) {
  const char* at = bytes.data();
  const char* end = at + bytes.size();
  while (at < end) {
    const char* newline = static_cast<const char*>(std::memchr(at, '\n', static_cast<size_t>(end - at)));
    const char* line_end = newline != nullptr ? newline : end;
    Sip<1, 3> sip(key);
    sip.Word(state);
    state = sip.Finish(at, static_cast<size_t>(line_end - at));
    at = line_end + 1;
  }
  return state;
}

ContentKey NewContentKey() {
  uint8_t bytes[16];
  platform::RandomBytes(bytes, sizeof bytes);
  ContentKey key;
  std::memcpy(&key.k0, bytes, 8);
  std::memcpy(&key.k1, bytes + 8, 8);
  return key;
}

std::string FormatContentKey(const ContentKey& key) { return fmt::format("{:016x}{:016x}", key.k0, key.k1); }

Result<ContentKey> ParseContentKey(std::string_view text) {
  ContentKey key;
  if (text.size() != 32) return Status::Io("content key: not 32 hex digits");
  for (size_t i = 0; i < 32; ++i) {
    const char c = text[i];
    uint64_t digit;
    if (c >= '0' && c <= '9') {
      digit = static_cast<uint64_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<uint64_t>(c - 'a' + 10);
    } else {
      return Status::Io("content key: not 32 hex digits");
    }
    uint64_t& half = i < 16 ? key.k0 : key.k1;
    half = (half << 4) | digit;
  }
  return key;
}

}  // namespace kittylog::index_internal
