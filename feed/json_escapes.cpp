#include "feed/json_escapes.h"

#include <string_view>

namespace feedwatch::feed {
namespace {

constexpr std::size_t kUnicodeEscapeLength = 6;  // \uXXXX

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The UTF-16 code unit of the escape \uXXXX at `position`, or -1 when no
// such escape stands there.
int escaped_unit(std::string_view json, std::size_t position) {
  if (position + kUnicodeEscapeLength > json.size() || json[position] != '\\' || json[position + 1] != 'u')
    return -1;
  int unit = 0;
  for (std::size_t index = position + 2; index < position + kUnicodeEscapeLength; ++index) {
    const int digit = hex_value(json[index]);
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}

bool is_high_surrogate(int unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
bool is_low_surrogate(int unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

}  // namespace

std::size_t replace_lone_surrogate_escapes(std::string& json) {
  std::size_t replaced = 0;
  std::size_t position = json.find('\\');
  while (position != std::string::npos) {
    const int unit = escaped_unit(json, position);
    std::size_t length = unit < 0 ? 2 : kUnicodeEscapeLength;  // any other escape is \ and one character
    if (is_high_surrogate(unit) && is_low_surrogate(escaped_unit(json, position + length))) {
      length += kUnicodeEscapeLength;  // a pair: one character, kept
    } else if (is_high_surrogate(unit) || is_low_surrogate(unit)) {
      json.replace(position + 2, 4, "fffd");
      ++replaced;
    }
    position = json.find('\\', position + length);
  }
  return replaced;
}

}  // namespace feedwatch::feed
