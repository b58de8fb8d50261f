// JsonWriter: the one small escaping writer behind every line kittylog writes.
//
// Output is compact (no spaces). Strings are escaped the canonical way: `"` and `\` with a
// backslash, \b \f \n \r \t by name, other control characters below 0x20 and DEL as \u00XX;
// everything else, non-ASCII UTF-8 included, is copied as is. The caller guarantees valid UTF-8
// (validation rejects anything else before it reaches a writer). Not thread-safe per instance.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <simdjson.h>

namespace kittylog {

class JsonWriter {
 public:
  JsonWriter() = default;
  // Room for `bytes` of output up front (one allocation for a line of known rough size).
  void Reserve(size_t bytes) { out_.reserve(bytes); }

  void BeginObject() { Separate(); out_ += '{'; first_ = true; }
  void EndObject() { out_ += '}'; first_ = false; }
  void BeginArray() { Separate(); out_ += '['; first_ = true; }
  void EndArray() { out_ += ']'; first_ = false; }
  void Key(std::string_view key);  // the next value follows without a separator
  void String(std::string_view value);
  void Int(int64_t value);
  void Bool(bool value);
  void Null();
  void Raw(std::string_view json);  // an already-compact JSON value
  // Re-serialises a parsed value compactly with this writer's escaping (object keys in input order).
  void Element(simdjson::dom::element value);

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Separate() {
    if (!first_ && !after_key_) out_ += ',';
    first_ = false;
    after_key_ = false;
  }
  std::string out_;
  bool first_ = true;
  bool after_key_ = false;
};

// Appends `value` as a quoted, escaped JSON string to `out`.
void AppendJsonString(std::string& out, std::string_view value);

}  // namespace kittylog
