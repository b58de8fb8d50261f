#include "event/json_writer.h"

#include <cstdint>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace kittylog {
namespace {

std::string Quoted(std::string_view value) {
  std::string out;
  AppendJsonString(out, value);
  return out;
}

// Parses `json` and re-serialises it with JsonWriter::Element.
std::string Reserialise(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element root;
  EXPECT_EQ(parser.parse(padded).get(root), simdjson::SUCCESS) << json;
  JsonWriter writer;
  writer.Element(root);
  return writer.Take();
}

TEST(JsonStringTest, PlainTextIsOnlyQuoted) {
  EXPECT_EQ(Quoted(""), R"("")");
  EXPECT_EQ(Quoted("WP01 moved to doing"), R"("WP01 moved to doing")");
}

TEST(JsonStringTest, EscapesQuoteAndBackslash) {
  EXPECT_EQ(Quoted(R"(say "hi")"), R"("say \"hi\"")");
  EXPECT_EQ(Quoted(R"(C:\path\)"), R"("C:\\path\\")");
  EXPECT_EQ(Quoted("\\\""), R"("\\\"")");
  EXPECT_EQ(Quoted("/"), R"("/")");  // solidus is not escaped
}

TEST(JsonStringTest, EscapesNamedControlCharacters) {
  EXPECT_EQ(Quoted("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(Quoted("a\nb"), R"("a\nb")");
}

TEST(JsonStringTest, EscapesEveryOtherControlCharacterAndDel) {
  for (int c = 0; c < 0x20; ++c) {
    if (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') continue;
    std::string value(1, static_cast<char>(c));
    EXPECT_EQ(Quoted(value), fmt::format("\"\\u{:04x}\"", c)) << "byte " << c;
  }
  EXPECT_EQ(Quoted(std::string(1, '\0')), R"("\u0000")");
  EXPECT_EQ(Quoted("\x01"), R"("\u0001")");
  EXPECT_EQ(Quoted("\x1f"), R"("\u001f")");
  EXPECT_EQ(Quoted("\x7f"), R"("\u007f")");
  EXPECT_EQ(Quoted("a\x7f" "b\x01" "c"), R"("a\u007fb\u0001c")");
}

TEST(JsonStringTest, CopiesUtf8AsRawBytes) {
  EXPECT_EQ(Quoted("é"), "\"é\"");
  EXPECT_EQ(Quoted("日本"), "\"日本\"");
  EXPECT_EQ(Quoted("🐈 kitty"), "\"🐈 kitty\"");
  EXPECT_EQ(Quoted("\xc3\xa9\t\xf0\x9f\x98\x80"), "\"\xc3\xa9\\t\xf0\x9f\x98\x80\"");
}

TEST(JsonStringTest, AppendsToExistingText) {
  std::string out = "prefix:";
  AppendJsonString(out, "x");
  EXPECT_EQ(out, R"(prefix:"x")");
}

TEST(JsonWriterTest, WritesCompactObjectsAndArrays) {
  JsonWriter w;
  w.BeginObject();
  w.Key("a"); w.Int(1);
  w.Key("b"); w.String("two");
  w.Key("c");
  w.BeginArray();
  w.Bool(true); w.Bool(false); w.Null();
  w.BeginObject(); w.EndObject();
  w.BeginArray(); w.EndArray();
  w.Int(-3);
  w.EndArray();
  w.Key("d");
  w.BeginObject();
  w.Key("e"); w.Raw(R"({"x":[1]})");
  w.Key("f"); w.Null();
  w.EndObject();
  w.Key("g"); w.String("");
  w.EndObject();
  EXPECT_EQ(w.str(), R"({"a":1,"b":"two","c":[true,false,null,{},[],-3],"d":{"e":{"x":[1]},"f":null},"g":""})");
}

TEST(JsonWriterTest, EmptyContainers) {
  JsonWriter object;
  object.BeginObject();
  object.EndObject();
  EXPECT_EQ(object.str(), "{}");
  JsonWriter array;
  array.BeginArray();
  array.EndArray();
  EXPECT_EQ(array.str(), "[]");
}

TEST(JsonWriterTest, IntegerExtremes) {
  JsonWriter w;
  w.BeginArray();
  w.Int(INT64_MIN);
  w.Int(0);
  w.Int(INT64_MAX);
  w.EndArray();
  EXPECT_EQ(w.str(), "[-9223372036854775808,0,9223372036854775807]");
}

TEST(JsonWriterTest, KeysAreEscaped) {
  JsonWriter w;
  w.BeginObject();
  w.Key("we\"ird\n");
  w.Int(1);
  w.EndObject();
  EXPECT_EQ(w.str(), R"({"we\"ird\n":1})");
}

TEST(JsonWriterTest, TakeMovesTheOutput) {
  JsonWriter w;
  w.String("x");
  std::string out = w.Take();
  EXPECT_EQ(out, R"("x")");
}

TEST(JsonWriterElementTest, ReserialisesCompactlyKeepingKeyOrder) {
  EXPECT_EQ(Reserialise(R"(  { "b" : [ 1 , 2.5 , true , null , "x" ] ,
                             "a" : { "z" : 1 , "y" : { } , "w" : [ ] } }  )"),
            R"({"b":[1,2.5,true,null,"x"],"a":{"z":1,"y":{},"w":[]}})");
}

TEST(JsonWriterElementTest, ScalarsAtTopLevel) {
  EXPECT_EQ(Reserialise("42"), "42");
  EXPECT_EQ(Reserialise("-7"), "-7");
  EXPECT_EQ(Reserialise("true"), "true");
  EXPECT_EQ(Reserialise("null"), "null");
  EXPECT_EQ(Reserialise(R"("s")"), R"("s")");
}

TEST(JsonWriterElementTest, NumbersKeepTheirKind) {
  EXPECT_EQ(Reserialise("[1.0,100.0,-0.0,0.1,1e21,1.5e-7,2.5]"), "[1.0,100.0,-0.0,0.1,1e+21,1.5e-07,2.5]");
  EXPECT_EQ(Reserialise("[9223372036854775807,-9223372036854775808,18446744073709551615]"),
            "[9223372036854775807,-9223372036854775808,18446744073709551615]");
}

TEST(JsonWriterElementTest, UnescapesThenEscapesCanonically) {
  // \u00e9 becomes raw é, \/ becomes /, \u0001 stays escaped (lower-case hex), DEL is escaped.
  EXPECT_EQ(Reserialise(R"(["\u00e9\/\u0001\u007F\"\\\b\f\n\r\t\ud83d\ude00"])"),
            "[\"é/\\u0001\\u007f\\\"\\\\\\b\\f\\n\\r\\t\xf0\x9f\x98\x80\"]");
  EXPECT_EQ(Reserialise("{\"k\\u0022\":\"\x7f\"}"), R"({"k\"":"\u007f"})");
}

TEST(JsonWriterElementTest, OutputIsAFixedPoint) {
  const std::string input =
      R"({"s":"a\"b\\c\u0001\u001f\u007f é 日本 😀","n":[1,-2,3.25,1e100],"o":{"":{"deep":[[[]]]}},"t":false})";
  std::string once = Reserialise(input);
  EXPECT_EQ(Reserialise(once), once);
}

}  // namespace
}  // namespace kittylog
