#include "index/line_marks.h"

#include "index/freshness.h"

namespace kittylog::index_internal {

void LineMarker::AddEvent(int64_t line_number, uint64_t offset) {
  if (++events_ % kEventsPerMark != 0 || line_number <= 1) return;
  marks_.push_back({line_number - 1, offset, HashTo(offset)});
}

uint64_t LineMarker::HashTo(uint64_t end) {
  if (end > at_) {
    hash_ = ContentHash(hash_, data_.substr(at_ - base_, end - at_));
    at_ = end;
  }
  return hash_;
}

LineMark LastMatchingMark(std::span<const LineMark> marks, std::string_view content) {
  LineMark kept{0, 0, kContentHashSeed};
  uint64_t hash = kContentHashSeed;
  for (const LineMark& mark : marks) {
    // The same bytes end with "\n" where the next line starts; anything else differs already.
    if (mark.offset <= kept.offset || mark.offset > content.size() || content[mark.offset - 1] != '\n') break;
    hash = ContentHash(hash, content.substr(kept.offset, mark.offset - kept.offset));
    if (hash != mark.hash) break;
    kept = mark;
  }
  return kept;
}

}  // namespace kittylog::index_internal
