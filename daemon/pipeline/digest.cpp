#include "daemon/pipeline/digest.h"

#include <openssl/evp.h>

#include <array>
#include <cassert>

namespace feedwatch::pipeline {

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  int succeeded = EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr);
  assert(succeeded == 1 && length == 32);  // fails only without memory or a broken OpenSSL
  (void)succeeded;
  constexpr std::string_view kHexDigits = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHexDigits[digest[i] >> 4];
    hex += kHexDigits[digest[i] & 0x0F];
  }
  return hex;
}

}  // namespace feedwatch::pipeline
