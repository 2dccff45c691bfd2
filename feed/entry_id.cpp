#include "feed/entry_id.h"

#include <openssl/evp.h>

#include <array>

namespace feedwatch::feed {
namespace {

constexpr std::size_t kHexDigits = 32;
constexpr std::string_view kPrefix = "sha256:";

// Each part is length-prefixed so ("ab","c") and ("a","bc") differ.
void add_part(std::string& material, std::string_view part) {
  material.append(std::to_string(part.size()));
  material.push_back(':');
  material.append(part);
}

std::string hex_prefix(const unsigned char* digest, std::size_t digits) {
  constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (std::size_t i = 0; i < digits / 2; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xF]);
  }
  return hex;
}

}  // namespace

std::string stable_entry_id(const Entry& entry) {
  std::string material;
  add_part(material, entry.title.value_or(""));
  add_part(material, entry.published ? std::to_string(*entry.published) : "");
  add_part(material, entry.updated ? std::to_string(*entry.updated) : "");
  if (!entry.title && !entry.published && !entry.updated) {
    add_part(material, entry.summary.value_or(""));
    add_part(material, entry.content.value_or(""));
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(material.data(), material.size(), digest.data(), &length, EVP_sha256(), nullptr);
  return std::string(kPrefix) + hex_prefix(digest.data(), kHexDigits);
}

}  // namespace feedwatch::feed
