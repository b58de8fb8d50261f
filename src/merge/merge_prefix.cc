#include "merge/merge_prefix.h"

#include <algorithm>
#include <cstring>

namespace kittylog::merge {
namespace {

size_t CommonPrefix2(std::string_view a, std::string_view b) {
  constexpr size_t kBlock = 4096;  // memcmp whole blocks, then find the byte
  size_t limit = std::min(a.size(), b.size());
  size_t at = 0;
  while (at + kBlock <= limit && std::memcmp(a.data() + at, b.data() + at, kBlock) == 0) at += kBlock;
  while (at < limit && a[at] == b[at]) ++at;
  return at;
}

}  // namespace

size_t CommonPrefixLength(std::string_view a, std::string_view b, std::string_view c) {
  size_t ab = CommonPrefix2(a, b);
  return CommonPrefix2(a.substr(0, ab), c);
}

// Each complete line of ours is checked as soon as it is known to be shared, while its block is
// still in cache. Stops at the first difference, or at the first line that fails the check
// (then there is no fast path at all). The ids go into `ids` a few lines after their slot was
// prefetched (the table is bigger than the cache and the ids are random).
Prefix FindPrefix(const std::array<std::string_view, 3>& inputs, const MergeOptions& options, IdHashSet& ids) {
  constexpr size_t kBlock = 64 * 1024;
  constexpr size_t kReleaseEvery = 4 << 20;
  constexpr size_t kInFlight = 16;  // ids hashed and prefetched, not yet inserted
  std::string_view ours = inputs[static_cast<size_t>(Side::kOurs)];
  size_t limit = std::min({inputs[0].size(), inputs[1].size(), inputs[2].size()});
  {
    // Size the id table from the lines of the first block, so that it rarely has to grow.
    size_t sample = std::min(limit, kBlock), lines = 0;
    // (memchr is not called on an empty input: its data() may be null.)
    const char* at = ours.data();
    const char* sample_end = ours.data() + sample;
    while (at < sample_end) {
      at = static_cast<const char*>(std::memchr(at, '\n', static_cast<size_t>(sample_end - at)));
      if (at == nullptr) break;
      ++lines;
      ++at;
    }
    // A canonical line has at least 60 bytes (head, a ULID, the clock key): cap the guess with
    // that, so that a first block of short junk lines cannot reserve a huge table.
    if (lines > 0) ids.Reserve(std::min(limit / sample * lines + lines + lines / 4, limit / 60 + 16));
  }
  uint64_t in_flight[kInFlight];
  size_t pending = 0;  // hashes in in_flight: lines [prefix.lines - pending, prefix.lines)
  Prefix prefix;
  size_t at = 0;       // bytes known to be shared
  size_t checked = 0;  // ours[0, checked) are whole lines that passed the check
  size_t released = 0;
  while (at < limit) {
    size_t length = std::min(kBlock, limit - at);
    size_t same = CommonPrefixLength(inputs[0].substr(at, length), inputs[1].substr(at, length),
                                     inputs[2].substr(at, length));
    at += same;
    while (checked < at) {
      const char* begin = ours.data() + checked;
      const char* newline = static_cast<const char*>(std::memchr(begin, '\n', at - checked));
      if (newline == nullptr) break;
      std::string_view line(begin, static_cast<size_t>(newline - begin));
      EventKey key;
      if (!ReadCanonicalKey(line, &key) || (prefix.lines > 0 && !KeyLess(prefix.last, key))) return {};
      uint64_t hash = IdHashSet::Hash(key.id);
      ids.Prefetch(hash);
      uint64_t& slot = in_flight[prefix.lines % kInFlight];
      if (pending == kInFlight && !ids.Insert(slot)) return {};
      pending = std::min(pending + 1, kInFlight);
      slot = hash;
      prefix.last = key;
      ++prefix.lines;
      checked = static_cast<size_t>(newline - ours.data()) + 1;
    }
    if (options.release && checked - released >= kReleaseEvery) {
      options.release(released, checked - released);
      released = checked;
    }
    if (same < length) break;
  }
  for (size_t line = prefix.lines - pending; line < prefix.lines; ++line) {
    if (!ids.Insert(in_flight[line % kInFlight])) return {};
  }
  if (options.release && checked > released) options.release(released, checked - released);
  prefix.cut = checked;
  return prefix;
}

}  // namespace kittylog::merge
