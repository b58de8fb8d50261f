#include "index/line_marks.h"


namespace kittylog::index_internal {

void LineMarker::AddEvent(int64_t line_number, uint64_t offset) {
  if (++events_ % kEventsPerMark != 0 || line_number <= 1) return;
  marks_.push_back({line_number - 1, offset, HashTo(offset)});
}

uint64_t LineMarker::HashTo(uint64_t end) {
  if (end > at_) {
    hash_ = ContentHash(key_, hash_, data_.substr(at_ - base_, end - at_));
    at_ = end;
  }
  return hash_;
}

LineMark LastMatchingMark(const ContentKey& key, std::span<const LineMark> marks, std::string_view content) {
  LineMark kept{0, 0, kContentHashStart};
  uint64_t hash = kContentHashStart;
  for (const LineMark& mark : marks) {
    // The same bytes end with "\n" where the next line starts; anything else differs already.
    if (mark.offset <= kept.offset || mark.offset > content.size() || content[mark.offset - 1] != '\n') break;
    hash = ContentHash(key, hash, content.substr(kept.offset, mark.offset - kept.offset));
    if (hash != mark.hash) break;
    kept = mark;
  }
  return kept;
}

}  // namespace kittylog::index_internal
