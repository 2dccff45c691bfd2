// The webhook signature of SPEC §5: "sha256=" and the lower-case hex
// HMAC-SHA256 of the exact body bytes under the notifier's secret. Pure.
#pragma once

#include <string>
#include <string_view>

namespace feedwatch::notify {

inline constexpr const char* kSignatureHeader = "X-Feedwatch-Signature-256";

// "sha256=<64 hex digits>".
std::string webhook_signature(std::string_view secret, std::string_view body);

}  // namespace feedwatch::notify
