// Finds a document's character encoding and converts it to UTF-8 (SPEC §4):
// BOM, then HTTP Content-Type charset (it wins, RFC 7303), then the XML
// declaration or a JSON sniff; bytes invalid in the declared charset fall
// back sensibly (UTF-8 declared but windows-1252 bytes). Thread-safe.
//
// Only the bytes are converted: an XML declaration in the output may still
// say encoding="iso-8859-1". That is expected; the parser must read the
// output as UTF-8 whatever the declaration says (pugixml: encoding_utf8).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace feedwatch::feed {

struct DecodedText {
  std::string utf8;                // always valid UTF-8, BOM removed
  std::string charset;             // what was used, lower case, e.g. "iso-8859-2"
  std::vector<std::string> notes;  // e.g. "declared utf-8 but bytes are windows-1252"
};

// Never fails: bytes that are invalid in the charset chosen become U+FFFD.
// Labels follow the WHATWG Encoding Standard where browsers and the XML
// specs disagree: iso-8859-1 and us-ascii decode as windows-1252, gb2312
// and gbk as gb18030, shift_jis as windows-31j, euc-kr as windows-949.
DecodedText decode_to_utf8(std::string_view body, std::string_view http_content_type);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code
// points above U+10FFFF). Pure ASCII is checked eight bytes at a time.
bool is_valid_utf8(std::string_view text);

}  // namespace feedwatch::feed
