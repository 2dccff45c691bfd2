// SHA-256 as lower-case hex, for content hashes and alert ids. A thin wrapper
// over OpenSSL's one-shot digest so callers never see its types. Pure;
// thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace feedwatch::pipeline {

// 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace feedwatch::pipeline
