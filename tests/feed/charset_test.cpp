// Tests of charset detection and conversion (feed/charset.h). Legacy
// charsets are tested with real bytes, written as escapes; each row says
// what the text is in a comment.
#include "feed/charset.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace feedwatch::feed {
namespace {

std::string wrap_in_feed(std::string_view label, std::string_view title) {
  return "<?xml version=\"1.0\" encoding=\"" + std::string(label) + "\"?><rss><title>" +
         std::string(title) + "</title></rss>";
}

std::string utf16_bytes(std::u16string_view text, bool little_endian) {
  std::string bytes;
  for (char16_t unit : text) {
    const char high = static_cast<char>(unit >> 8);
    const char low = static_cast<char>(unit & 0xFF);
    bytes += little_endian ? std::string{low, high} : std::string{high, low};
  }
  return bytes;
}

std::string utf32_little_endian_bytes(std::u32string_view text) {
  std::string bytes;
  for (char32_t code_point : text) {
    for (int shift = 0; shift < 32; shift += 8) bytes.push_back(static_cast<char>(code_point >> shift));
  }
  return bytes;
}

struct LegacyCase {
  std::string_view label;
  std::string_view bytes;
  std::string_view utf8;
  std::string_view charset_used;
};

// Every charset of SPEC §4 plus the rest of the ISO-8859 and windows-125x
// families. Labels that browsers read as a superset report the superset.
const LegacyCase kLegacyCases[] = {
    {"gb18030", "\xD0\xBE\xC6\xAC\xB3\xF6\xBF\xDA\xB9\xDC\xD6\xC6",
     "\xE8\x8A\xAF\xE7\x89\x87\xE5\x87\xBA\xE5\x8F\xA3\xE7\xAE\xA1\xE5\x88\xB6", "gb18030"},  // 芯片出口管制
    {"GB2312", "\xD0\xBE\xC6\xAC", "\xE8\x8A\xAF\xE7\x89\x87", "gb18030"},  // 芯片
    {"gbk", "\xB0\xEB\xB5\xBC\xCC\xE5", "\xE5\x8D\x8A\xE5\xAF\xBC\xE4\xBD\x93", "gb18030"},  // 半导体
    {"big5", "\xA5" "b\xBE\xC9\xC5\xE9\xB4\xB9\xA4\xF9",
     "\xE5\x8D\x8A\xE5\xB0\x8E\xE9\xAB\x94\xE6\x99\xB6\xE7\x89\x87", "big5"},  // 半導體晶片
    {"Shift_JIS", "\x94\xBC\x93\xB1\x91\xCC\x82\xCC\x97" "A\x8Fo\x8BK\x90\xA7",
     "\xE5\x8D\x8A\xE5\xB0\x8E\xE4\xBD\x93\xE3\x81\xAE\xE8\xBC\xB8\xE5\x87\xBA\xE8\xA6\x8F\xE5\x88\xB6",
     "shift_jis"},  // 半導体の輸出規制
    {"windows-31j", "\x94\xBC\x93\xB1\x91\xCC", "\xE5\x8D\x8A\xE5\xB0\x8E\xE4\xBD\x93",
     "shift_jis"},  // 半導体
    {"EUC-JP", "\xC6\xFC\xCB\xDC\xB8\xEC", "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", "euc-jp"},  // 日本語
    {"euc-kr", "\xB9\xDD\xB5\xB5\xC3\xBC", "\xEB\xB0\x98\xEB\x8F\x84\xEC\xB2\xB4", "euc-kr"},  // 반도체
    {"KOI8-R", "\xFC\xCB\xD3\xD0\xCF\xD2\xD4\xCE\xD9\xCA \xCB\xCF\xCE\xD4\xD2\xCF\xCC\xD8",
     "\xD0\xAD\xD0\xBA\xD1\x81\xD0\xBF\xD0\xBE\xD1\x80\xD1\x82\xD0\xBD\xD1\x8B\xD0\xB9 "
     "\xD0\xBA\xD0\xBE\xD0\xBD\xD1\x82\xD1\x80\xD0\xBE\xD0\xBB\xD1\x8C",
     "koi8-r"},  // Экспортный контроль
    {"koi8-u", "\xF5\xCB\xD2\xC1\xA7\xCE\xC1", "\xD0\xA3\xD0\xBA\xD1\x80\xD0\xB0\xD1\x97\xD0\xBD\xD0\xB0",
     "koi8-u"},  // Україна
    {"ISO-8859-2", "\xAElu\xBBou\xE8k\xFD k\xF9\xF2",
     "\xC5\xBDlu\xC5\xA5ou\xC4\x8Dk\xC3\xBD k\xC5\xAF\xC5\x88", "iso-8859-2"},  // Žluťoučký kůň
    {"windows-1251", "\xD1\xE0\xED\xEA\xF6\xE8\xE8",
     "\xD0\xA1\xD0\xB0\xD0\xBD\xD0\xBA\xD1\x86\xD0\xB8\xD0\xB8", "windows-1251"},  // Санкции
    {"cp1250", "\xA3\xF3" "d\x9F", "\xC5\x81\xC3\xB3" "d\xC5\xBA", "windows-1250"},  // Łódź
    {"windows-1252", "\x93Smart\x94 \x97 5 \x80",
     "\xE2\x80\x9CSmart\xE2\x80\x9D \xE2\x80\x94 5 \xE2\x82\xAC", "windows-1252"},  // “Smart” — 5 €
    {"windows-1253", "\xC5\xEB\xEB\xDC\xE4\xE1", "\xCE\x95\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1",
     "windows-1253"},  // Ελλάδα
    {"windows-1254", "\xDDstanbul", "\xC4\xB0stanbul", "windows-1254"},  // İstanbul
    {"windows-1255", "\xF9\xEC\xE5\xED", "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", "windows-1255"},  // שלום
    {"windows-1256", "\xDA\xD1\xC8\xED", "\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A", "windows-1256"},  // عربي
    {"windows-1257", "Lietuv\xE0", "Lietuv\xC4\x85", "windows-1257"},  // Lietuvą
    {"windows-1258", "\xD0\xE0", "\xC4\x90\xC3\xA0", "windows-1258"},  // Đà
    {"iso-8859-1", "caf\xE9", "caf\xC3\xA9", "windows-1252"},  // café
    {"iso-8859-3", "\xA1", "\xC4\xA6", "iso-8859-3"},  // Ħ
    {"iso-8859-4", "\xBB", "\xC4\xA3", "iso-8859-4"},  // ģ
    {"iso-8859-5", "\xC0\xDE\xE1\xE1\xD8\xEF", "\xD0\xA0\xD0\xBE\xD1\x81\xD1\x81\xD0\xB8\xD1\x8F",
     "iso-8859-5"},  // Россия
    {"iso-8859-6", "\xD9\xD1\xC8\xEA", "\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A", "iso-8859-6"},  // عربي
    {"iso-8859-7", "\xC5\xEB\xEB\xDC\xE4\xE1", "\xCE\x95\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1",
     "iso-8859-7"},  // Ελλάδα
    {"iso-8859-8", "\xF9\xEC\xE5\xED", "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", "iso-8859-8"},  // שלום
    {"iso-8859-9", "\xDDstanbul", "\xC4\xB0stanbul", "windows-1254"},  // İstanbul
    {"iso-8859-10", "\xAF", "\xC5\x8A", "iso-8859-10"},  // Ŋ
    {"iso-8859-13", "\xD9\xF3" "d\xEA \xE0", "\xC5\x81\xC3\xB3" "d\xC5\xBA \xC4\x85",
     "iso-8859-13"},  // Łódź ą
    {"iso-8859-14", "\xD0", "\xC5\xB4", "iso-8859-14"},  // Ŵ
    {"iso-8859-15", "5 \xA4", "5 \xE2\x82\xAC", "iso-8859-15"},  // 5 €
    {"iso-8859-16", "\xDE" "ar\xE3", "\xC8\x9A" "ar\xC4\x83", "iso-8859-16"},  // Țară
};

TEST_CASE("Decodes every legacy charset named in an XML declaration", "[charset]") {
  for (const LegacyCase& test_case : kLegacyCases) {
    INFO("label " << test_case.label);
    const DecodedText decoded = decode_to_utf8(wrap_in_feed(test_case.label, test_case.bytes), "");
    CHECK(decoded.utf8 == wrap_in_feed(test_case.label, test_case.utf8));
    CHECK(decoded.charset == test_case.charset_used);
    CHECK(decoded.notes.empty());
  }
}

TEST_CASE("Decodes every legacy charset named in the HTTP Content-Type", "[charset]") {
  for (const LegacyCase& test_case : kLegacyCases) {
    INFO("label " << test_case.label);
    const std::string content_type = "application/rss+xml; charset=" + std::string(test_case.label);
    const DecodedText decoded = decode_to_utf8(test_case.bytes, content_type);
    CHECK(decoded.utf8 == test_case.utf8);
    CHECK(decoded.charset == test_case.charset_used);
  }
}

TEST_CASE("Passes valid UTF-8 through unchanged and without notes", "[charset]") {
  const std::string body = wrap_in_feed("utf-8", "\xE8\x8A\xAF\xE7\x89\x87 and caf\xC3\xA9");
  for (std::string_view content_type : {"", "text/xml", "text/xml; charset=UTF-8"}) {
    const DecodedText decoded = decode_to_utf8(body, content_type);
    CHECK(decoded.utf8 == body);
    CHECK(decoded.charset == "utf-8");
    CHECK(decoded.notes.empty());
  }
}

TEST_CASE("Reads a document without any declaration as UTF-8", "[charset]") {
  const std::string json = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"\xE8\x8A\xAF\"}";
  const DecodedText decoded = decode_to_utf8(json, "application/feed+json");
  CHECK(decoded.utf8 == json);
  CHECK(decoded.charset == "utf-8");
}

TEST_CASE("Removes a UTF-8 byte order mark", "[charset]") {
  const DecodedText decoded = decode_to_utf8("\xEF\xBB\xBF<rss/>", "");
  CHECK(decoded.utf8 == "<rss/>");
  CHECK(decoded.charset == "utf-8");
}

TEST_CASE("Decodes UTF-16 with a byte order mark in either byte order", "[charset]") {
  const std::u16string text = u"<?xml version=\"1.0\"?><rss>\u82AF\u7247 caf\u00E9</rss>";
  const std::string expected =
      "<?xml version=\"1.0\"?><rss>\xE8\x8A\xAF\xE7\x89\x87 caf\xC3\xA9</rss>";
  const DecodedText little = decode_to_utf8("\xFF\xFE" + utf16_bytes(text, true), "");
  CHECK(little.utf8 == expected);
  CHECK(little.charset == "utf-16le");
  const DecodedText big = decode_to_utf8("\xFE\xFF" + utf16_bytes(text, false), "");
  CHECK(big.utf8 == expected);
  CHECK(big.charset == "utf-16be");
}

TEST_CASE("Decodes UTF-16 without a byte order mark from where the zero bytes fall", "[charset]") {
  const std::u16string text = u"<?xml version=\"1.0\" encoding=\"utf-16\"?><rss>\u00E9</rss>";
  const std::string expected = "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss>\xC3\xA9</rss>";
  const DecodedText little = decode_to_utf8(utf16_bytes(text, true), "");
  CHECK(little.utf8 == expected);
  CHECK(little.charset == "utf-16le");
  const DecodedText big = decode_to_utf8(utf16_bytes(text, false), "text/xml; charset=utf-16");
  CHECK(big.utf8 == expected);
  CHECK(big.charset == "utf-16be");
  CHECK(big.notes.empty());
}

TEST_CASE("Decodes UTF-16 surrogate pairs", "[charset]") {
  const std::u16string text = u"<t>\U0001F600</t>";
  const DecodedText decoded = decode_to_utf8("\xFF\xFE" + utf16_bytes(text, true), "");
  CHECK(decoded.utf8 == "<t>\xF0\x9F\x98\x80</t>");
}

TEST_CASE("Decodes UTF-32 with a byte order mark", "[charset]") {
  const std::string body =
      std::string("\xFF\xFE\0\0", 4) + utf32_little_endian_bytes(U"<t>\u00E9\U0001F600</t>");
  const DecodedText decoded = decode_to_utf8(body, "");
  CHECK(decoded.utf8 == "<t>\xC3\xA9\xF0\x9F\x98\x80</t>");
  CHECK(decoded.charset == "utf-32le");
}

TEST_CASE("A byte order mark beats the HTTP charset and the XML declaration", "[charset]") {
  const std::string body = "\xEF\xBB\xBF" + wrap_in_feed("iso-8859-1", "caf\xC3\xA9");
  const DecodedText decoded = decode_to_utf8(body, "text/xml; charset=koi8-r");
  CHECK(decoded.utf8 == wrap_in_feed("iso-8859-1", "caf\xC3\xA9"));
  CHECK(decoded.charset == "utf-8");
}

TEST_CASE("The HTTP charset beats the XML declaration", "[charset]") {
  // Bytes in windows-1251 under a declaration that says utf-8 (RFC 7303 §3).
  const std::string body = wrap_in_feed("utf-8", "\xD1\xE0\xED\xEA\xF6\xE8\xE8");
  const DecodedText decoded = decode_to_utf8(body, "text/xml; charset=\"windows-1251\"");
  CHECK(decoded.utf8 == wrap_in_feed("utf-8", "\xD0\xA1\xD0\xB0\xD0\xBD\xD0\xBA\xD1\x86\xD0\xB8\xD0\xB8"));
  CHECK(decoded.charset == "windows-1251");
}

TEST_CASE("A Content-Type without a charset leaves the XML declaration in charge", "[charset]") {
  const DecodedText decoded = decode_to_utf8(wrap_in_feed("koi8-r", "\xF0\xD5\xD4\xC9\xCE"), "text/xml");
  CHECK(decoded.charset == "koi8-r");
  CHECK(decoded.utf8 == wrap_in_feed("koi8-r", "\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD"));  // Путин
}

TEST_CASE("Declared UTF-8 holding windows-1252 bytes decodes as windows-1252 with a note",
          "[charset]") {
  const DecodedText decoded = decode_to_utf8(wrap_in_feed("utf-8", "\x93quoted\x94 caf\xE9"), "");
  CHECK(decoded.utf8 == wrap_in_feed("utf-8", "\xE2\x80\x9Cquoted\xE2\x80\x9D caf\xC3\xA9"));
  CHECK(decoded.charset == "windows-1252");
  REQUIRE(decoded.notes.size() == 1);
  CHECK_THAT(decoded.notes[0], Catch::Contains("windows-1252"));
}

TEST_CASE("A document mixing UTF-8 and windows-1252 keeps its valid UTF-8", "[charset]") {
  const DecodedText decoded = decode_to_utf8("<t>\xE8\x8A\xAF \x96 caf\xE9</t>", "");
  CHECK(decoded.utf8 == "<t>\xE8\x8A\xAF \xE2\x80\x93 caf\xC3\xA9</t>");
  CHECK(decoded.charset == "utf-8");
  CHECK(decoded.notes.size() == 1);
}

TEST_CASE("An unknown charset name falls back to UTF-8 with a note", "[charset]") {
  const DecodedText decoded = decode_to_utf8(wrap_in_feed("x-made-up", "caf\xC3\xA9"), "");
  CHECK(decoded.utf8 == wrap_in_feed("x-made-up", "caf\xC3\xA9"));
  CHECK(decoded.charset == "utf-8");
  REQUIRE(decoded.notes.size() == 1);
  CHECK_THAT(decoded.notes[0], Catch::Contains("x-made-up"));
}

TEST_CASE("An unknown charset name over non-UTF-8 bytes falls back to windows-1252", "[charset]") {
  const DecodedText decoded = decode_to_utf8("<t>caf\xE9</t>", "text/xml; charset=bogus");
  CHECK(decoded.utf8 == "<t>caf\xC3\xA9</t>");
  CHECK(decoded.charset == "windows-1252");
  REQUIRE(decoded.notes.size() == 1);
  CHECK_THAT(decoded.notes[0], Catch::Contains("bogus"));
}

TEST_CASE("iso-8859-1 and us-ascii decode as windows-1252, as browsers do", "[charset]") {
  for (std::string_view label : {"iso-8859-1", "ISO_8859-1:1987", "latin1", "us-ascii"}) {
    INFO("label " << label);
    const DecodedText decoded = decode_to_utf8("\x93" "A\x94", "text/xml; charset=" + std::string(label));
    CHECK(decoded.utf8 == "\xE2\x80\x9C" "A\xE2\x80\x9D");
    CHECK(decoded.charset == "windows-1252");
  }
}

TEST_CASE("Charset labels match whatever their case and punctuation", "[charset]") {
  for (std::string_view label : {"SHIFT-JIS", "shift_jis", "sjis", "x-sjis", "cp932", "MS_Kanji"}) {
    INFO("label " << label);
    CHECK(decode_to_utf8(wrap_in_feed(label, "\x93\xFA"), "").charset == "shift_jis");
  }
  CHECK(decode_to_utf8(wrap_in_feed("ISO_8859-2", "\xAE"), "").charset == "iso-8859-2");
  CHECK(decode_to_utf8(wrap_in_feed("Big5-HKSCS", "\xA4\xA4"), "").charset == "big5");
}

TEST_CASE("Bytes invalid in the declared charset become U+FFFD", "[charset]") {
  const std::string replacement = "\xEF\xBF\xBD";
  SECTION("a Shift_JIS lead byte cut off at the end") {
    const DecodedText decoded = decode_to_utf8("\x93\xFA\x96", "text/plain; charset=shift_jis");
    CHECK(decoded.utf8 == "\xE6\x97\xA5" + replacement);  // 日 then the stray byte
    CHECK(decoded.notes.size() == 1);
  }
  SECTION("an undefined byte in EUC-KR") {
    const DecodedText decoded = decode_to_utf8("a\xFF" "b", "text/plain; charset=euc-kr");
    CHECK(decoded.utf8 == "a" + replacement + "b");
  }
  SECTION("a lone UTF-16 surrogate and an odd trailing byte") {
    const std::string body = std::string("\xFF\xFE" "a\0", 4) + std::string("\x00\xD8" "b\0" "c", 5);
    const DecodedText decoded = decode_to_utf8(body, "");
    CHECK(decoded.utf8 == "a" + replacement + "b" + replacement);
  }
}

// GB18030, Big5, Shift_JIS and EUC-JP documents go to iconv only in the
// stretches between '<'/'>' that hold non-ASCII bytes; the rest is copied.
// The output must be what converting the whole document gives.
TEST_CASE("GB18030 text touching markup on both sides decodes whole", "[charset]") {
  // 芯片 right after '>' and right before '<', in an attribute value, and a
  // four-byte character (U+20000, 95 32 82 36) against '<' and '>'.
  const std::string body =
      "<?xml version=\"1.0\" encoding=\"gb18030\"?>\n<rss><title>\xD0\xBE\xC6\xAC</title>"
      "<category term=\"\xB3\xF6\xBF\xDA\">\x95\x32\x82\x36</category><x>\x95\x32\x82\x36<y/>"
      "plain ascii between</x><z a='\xB9\xDC'/>\xD6\xC6</rss>";
  const std::string expected =
      "<?xml version=\"1.0\" encoding=\"gb18030\"?>\n<rss><title>\xE8\x8A\xAF\xE7\x89\x87</title>"
      "<category term=\"\xE5\x87\xBA\xE5\x8F\xA3\">\xF0\xA0\x80\x80</category><x>\xF0\xA0\x80\x80<y/>"
      "plain ascii between</x><z a='\xE7\xAE\xA1'/>\xE5\x88\xB6</rss>";
  const DecodedText decoded = decode_to_utf8(body, "");
  CHECK(decoded.utf8 == expected);
  CHECK(decoded.charset == "gb18030");
  CHECK(decoded.notes.empty());
}

TEST_CASE("Shift_JIS characters whose trail byte is ASCII decode whole", "[charset]") {
  // 表 (95 5C), ソ (83 5C), 能 (94 5C): the trail byte is '\'; 　 (81 40):
  // the trail byte is '@'; each one next to a '<' or '>'.
  const std::string body = wrap_in_feed("shift_jis", "\x95\x5C</b><b>\x83\x5C\\\x94\x5C") +
                           "<c>\x81\x40</c><d e=\"\x95\x5C\"/>";
  const std::string expected =
      wrap_in_feed("shift_jis", "\xE8\xA1\xA8</b><b>\xE3\x82\xBD\\\xE8\x83\xBD") +
      "<c>\xE3\x80\x80</c><d e=\"\xE8\xA1\xA8\"/>";
  const DecodedText decoded = decode_to_utf8(body, "");
  CHECK(decoded.utf8 == expected);
  CHECK(decoded.charset == "shift_jis");
  CHECK(decoded.notes.empty());
}

TEST_CASE("Invalid bytes at the edge of a non-ASCII stretch become U+FFFD", "[charset]") {
  const std::string replacement = "\xEF\xBF\xBD";
  SECTION("a GB18030 lead byte cut off by '<'") {
    const DecodedText decoded =
        decode_to_utf8("<a>\xD0\xBE\x81</a><b>\x81\x30</b>", "text/xml; charset=gb18030");
    // 芯, the lone lead, then a four-byte sequence cut after two bytes: its
    // lead is replaced and its second byte, '0', is read as ASCII.
    CHECK(decoded.utf8 == "<a>\xE8\x8A\xAF" + replacement + "</a><b>" + replacement + "0</b>");
    REQUIRE(decoded.notes.size() == 1);
    CHECK(decoded.notes[0] == "2 byte sequence(s) invalid in gb18030 replaced with U+FFFD");
  }
  SECTION("a Shift_JIS lead byte before '>' and an undefined byte after it") {
    const DecodedText decoded = decode_to_utf8("<a b=\x93>\xA0\x93\xFA<c>\x96", "text/xml; charset=shift_jis");
    CHECK(decoded.utf8 == "<a b=" + replacement + ">" + replacement + "\xE6\x97\xA5<c>" + replacement);
    REQUIRE(decoded.notes.size() == 1);
    CHECK(decoded.notes[0] == "3 byte sequence(s) invalid in shift_jis replaced with U+FFFD");
  }
  SECTION("Big5 and EUC-JP lead bytes against markup") {
    const DecodedText big5 = decode_to_utf8("<t>\xA4\xA4\xFF</t>\xA4<", "text/xml; charset=big5");
    CHECK(big5.utf8 == "<t>\xE4\xB8\xAD" + replacement + "</t>" + replacement + "<");
    CHECK(big5.notes.size() == 1);
    const DecodedText euc_jp = decode_to_utf8(">\x8E<\xC6\xFC>\x8F\xB0<", "text/xml; charset=euc-jp");
    CHECK(euc_jp.utf8 == ">" + replacement + "<\xE6\x97\xA5>" + replacement + replacement + "<");
    CHECK(euc_jp.notes.size() == 1);
  }
}

TEST_CASE("Single-byte charsets replace their undefined bytes with U+FFFD", "[charset]") {
  // 0xA1 is undefined in ISO-8859-6; 0xFF in ISO-8859-8.
  const DecodedText arabic = decode_to_utf8("<t>\xD9\xA1\xD1</t>", "text/xml; charset=iso-8859-6");
  CHECK(arabic.utf8 == "<t>\xD8\xB9\xEF\xBF\xBD\xD8\xB1</t>");
  REQUIRE(arabic.notes.size() == 1);
  CHECK(arabic.notes[0] == "1 byte sequence(s) invalid in iso-8859-6 replaced with U+FFFD");
  const DecodedText hebrew = decode_to_utf8("\xFF\xF9\xFF", "text/xml; charset=iso-8859-8");
  CHECK(hebrew.utf8 == "\xEF\xBF\xBD\xD7\xA9\xEF\xBF\xBD");
  CHECK(hebrew.notes.size() == 1);
}

TEST_CASE("windows-1255 and windows-1258 keep glibc's composition of combining marks", "[charset]") {
  // These two are not decoded byte by byte: glibc joins a letter and the
  // combining mark after it into the precomposed character.
  CHECK(decode_to_utf8("\xF9\xD1", "text/xml; charset=windows-1255").utf8 == "\xEF\xAC\xAA");  // U+FB2A
  CHECK(decode_to_utf8("a\xD2", "text/xml; charset=windows-1258").utf8 == "\xE1\xBA\xA3");  // U+1EA3
}

TEST_CASE("Single-byte charsets decode the same from many threads at once", "[charset]") {
  const std::string body = wrap_in_feed("koi8-u", "\xF5\xCB\xD2\xC1\xA7\xCE\xC1");
  const std::string expected = wrap_in_feed("koi8-u", "\xD0\xA3\xD0\xBA\xD1\x80\xD0\xB0\xD1\x97\xD0\xBD\xD0\xB0");
  std::vector<int> matches(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t index = 0; index < matches.size(); ++index) {
    threads.emplace_back([&, index] {
      for (int round = 0; round < 50; ++round) matches[index] += decode_to_utf8(body, "").utf8 == expected;
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int count : matches) CHECK(count == 50);
}

TEST_CASE("Declared UTF-16 over 8-bit bytes decodes as UTF-8 with a note", "[charset]") {
  const std::string body = wrap_in_feed("utf-16", "caf\xC3\xA9");
  const DecodedText decoded = decode_to_utf8(body, "");
  CHECK(decoded.utf8 == body);
  CHECK(decoded.charset == "utf-8");
  CHECK(decoded.notes.size() == 1);
}

TEST_CASE("An empty body decodes to an empty text", "[charset]") {
  const DecodedText decoded = decode_to_utf8("", "text/xml; charset=gb18030");
  CHECK(decoded.utf8.empty());
}

TEST_CASE("The output is valid UTF-8 whatever the input bytes", "[charset]") {
  std::uint32_t state = 12345;  // a fixed-seed linear congruential generator
  const auto next_byte = [&state] {
    state = state * 1664525u + 1013904223u;
    return static_cast<char>(state >> 24);
  };
  for (std::string_view label : {"utf-8", "gb18030", "big5", "shift_jis", "euc-kr", "utf-16",
                                 "koi8-r", "iso-8859-6", "nonsense"}) {
    for (int round = 0; round < 20; ++round) {
      std::string body;
      for (int index = 0; index < 257; ++index) body.push_back(next_byte());
      INFO("label " << label << ", round " << round);
      CHECK(is_valid_utf8(decode_to_utf8(body, "text/xml; charset=" + std::string(label)).utf8));
    }
  }
}

TEST_CASE("The UTF-8 validator accepts well-formed text and rejects the rest", "[charset]") {
  struct ValidatorCase {
    std::string_view bytes;
    bool valid;
  };
  const ValidatorCase cases[] = {
      {"", true},
      {"plain ASCII text longer than eight bytes", true},
      {"caf\xC3\xA9 \xE8\x8A\xAF \xF0\x9F\x98\x80", true},
      {"\xF4\x8F\xBF\xBF", true},   // U+10FFFF, the last code point
      {"\xC0\xAF", false},          // overlong '/'
      {"\xE0\x80\xAF", false},      // overlong, three bytes
      {"\xED\xA0\x80", false},      // a surrogate
      {"\xF4\x90\x80\x80", false},  // above U+10FFFF
      {"\xF5\x80\x80\x80", false},
      {"abcdefgh\x80", false},      // a stray continuation after an ASCII block
      {"\xE8\x8A", false},          // cut off
      {"abcdefghijklmno\xFF", false},
  };
  for (const ValidatorCase& test_case : cases) {
    INFO("bytes of length " << test_case.bytes.size());
    CHECK(is_valid_utf8(test_case.bytes) == test_case.valid);
  }
}

}  // namespace
}  // namespace feedwatch::feed
