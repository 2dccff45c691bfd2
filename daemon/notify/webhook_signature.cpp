#include "daemon/notify/webhook_signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

namespace feedwatch::notify {

std::string webhook_signature(std::string_view secret, std::string_view body) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest.data(), &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string signature = "sha256=";
  for (unsigned int i = 0; i < length; ++i) {
    signature += kHex[digest[i] >> 4];
    signature += kHex[digest[i] & 0xF];
  }
  return signature;
}

}  // namespace feedwatch::notify
