#include "event/json_writer.h"

#include <fmt/format.h>

namespace kittylog {

void AppendJsonString(std::string& out, std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t run_start = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(value[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) continue;
    out.append(value.data() + run_start, i - run_start);
    run_start = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xf];
    }
  }
  out.append(value.data() + run_start, value.size() - run_start);
  out += '"';
}

void JsonWriter::Key(std::string_view key) {
  Separate();
  AppendJsonString(out_, key);
  out_ += ':';
  after_key_ = true;
}

void JsonWriter::String(std::string_view value) {
  Separate();
  AppendJsonString(out_, value);
}

void JsonWriter::Int(int64_t value) {
  Separate();
  fmt::format_to(std::back_inserter(out_), "{}", value);
}

void JsonWriter::Bool(bool value) {
  Separate();
  out_ += value ? "true" : "false";
}

void JsonWriter::Null() {
  Separate();
  out_ += "null";
}

void JsonWriter::Raw(std::string_view json) {
  Separate();
  out_ += json;
}

void JsonWriter::Element(simdjson::dom::element value) {
  using simdjson::dom::element_type;
  switch (value.type()) {
    case element_type::OBJECT: {
      simdjson::dom::object object;
      if (value.get_object().get(object) != simdjson::SUCCESS) return;
      BeginObject();
      for (auto field : object) {
        Key(field.key);
        Element(field.value);
      }
      EndObject();
      break;
    }
    case element_type::ARRAY: {
      simdjson::dom::array array;
      if (value.get_array().get(array) != simdjson::SUCCESS) return;
      BeginArray();
      for (auto item : array) Element(item);
      EndArray();
      break;
    }
    case element_type::STRING: String(value.get_string().value_unsafe()); break;
    case element_type::INT64: Int(value.get_int64().value_unsafe()); break;
    case element_type::UINT64:
      Separate();
      fmt::format_to(std::back_inserter(out_), "{}", value.get_uint64().value_unsafe());
      break;
    case element_type::DOUBLE:
      Separate();
      // Shortest representation that round-trips; keep a decimal point so it stays a double.
      {
        std::string text = fmt::format("{}", value.get_double().value_unsafe());
        if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
        out_ += text;
      }
      break;
    case element_type::BOOL: Bool(value.get_bool().value_unsafe()); break;
    case element_type::NULL_VALUE: Null(); break;
  }
}

}  // namespace kittylog
