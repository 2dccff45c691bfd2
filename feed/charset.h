// Finds a document's character encoding and converts it to UTF-8 (SPEC §4):
// BOM, then HTTP Content-Type charset (it wins, RFC 7303), then the XML
// declaration or a JSON sniff; bytes invalid in the declared charset fall
// back sensibly (UTF-8 declared but windows-1252 bytes). Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace feedwatch::feed {

struct DecodedText {
  std::string utf8;                // always valid UTF-8, BOM removed
  std::string charset;             // what was used, lower case, e.g. "iso-8859-1"
  std::vector<std::string> notes;  // e.g. "declared utf-8 but bytes are windows-1252"
};

DecodedText decode_to_utf8(std::string_view body, std::string_view http_content_type);

}  // namespace feedwatch::feed
