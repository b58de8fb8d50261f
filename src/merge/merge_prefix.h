// Internal to the merge (merge.cc): the fast path's shared prefix (see merge.h).
//
// FindPrefix compares the three inputs block by block and checks, without parsing, each line
// that all three share: canonical shape (ReadCanonicalKey), strictly increasing (clock, id), no
// id twice. IdHashSet remembers the prefix's ids as 64-bit hashes so added lines can be checked
// against them. Pure; not thread-safe.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "merge/merge.h"
#include "merge/merge_lines.h"

namespace kittylog::merge {

// A set of 64-bit id hashes (open addressing). A false "present" from a hash collision only
// costs the fast path: the merge then parses everything.
class IdHashSet {
 public:
  static uint64_t Hash(std::string_view id) {
    uint64_t hash = std::hash<std::string_view>{}(id);
    return hash == 0 ? 1 : hash;
  }
  // Returns false when the hash was already there.
  bool Insert(uint64_t hash) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      if (slots_[i] == hash) return false;
      if (slots_[i] == 0) {
        slots_[i] = hash;
        ++size_;
        return true;
      }
    }
  }
  // Sizes the table for about `count` hashes (it still grows past them).
  void Reserve(size_t count) {
    if (count * 2 > slots_.size()) Rehash(std::bit_ceil(std::max<size_t>(1024, count * 2)));
  }
  // Starts loading the slot where `hash` goes: a table of 100,000 ids does not fit in L2, and
  // the history's ids come in random order, so each insert would otherwise wait on memory.
  // (GCC 12 drops the prefetch when the index is masked with slots_.size() - 1: hence mask_.)
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(slots_.data() + (hash & mask_), 1);
  }
  bool Contains(uint64_t hash) const {
    if (slots_.empty()) return false;
    size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      if (slots_[i] == hash) return true;
      if (slots_[i] == 0) return false;
    }
  }

 private:
  void Grow() { Rehash(std::max<size_t>(1024, slots_.size() * 2)); }
  void Rehash(size_t slots) {
    std::vector<uint64_t> old = std::move(slots_);
    slots_.assign(slots, 0);
    mask_ = slots - 1;
    size_ = 0;
    for (uint64_t hash : old) {
      if (hash != 0) Insert(hash);
    }
  }
  std::vector<uint64_t> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

// The shared prefix: bytes all three inputs start with, cut after a "\n", whose lines passed the
// byte-level check (see merge.h): canonical shape, strictly increasing keys, no id twice.
struct Prefix {
  size_t cut = 0;    // 0: no usable prefix
  size_t lines = 0;
  EventKey last;
};

// Compares the inputs and checks their shared lines; returns {} (cut 0) when no line qualifies
// or a line fails the check. Calls options.release for base/theirs ranges done with.
Prefix FindPrefix(const std::array<std::string_view, 3>& inputs, const MergeOptions& options, IdHashSet& ids);

}  // namespace kittylog::merge
