// Placeholder until the charset converter lands: passes bytes through.
#include "feed/charset.h"

namespace feedwatch::feed {
DecodedText decode_to_utf8(std::string_view body, std::string_view) {
  return {std::string(body), "utf-8", {}};
}
}  // namespace feedwatch::feed
