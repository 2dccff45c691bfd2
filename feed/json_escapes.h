// Repairs the one flaw of JSON text that feeds carry and nlohmann::json
// refuses: a \u escape of a lone UTF-16 surrogate ("\ud800" with no low
// surrogate after it, or a low one with no high one before it). Such an
// escape becomes "\ufffd", the replacement character, as the XML side and
// the charset decoder turn lone surrogates into U+FFFD; valid pairs stay.
// Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>

namespace feedwatch::feed {

// Rewrites each lone surrogate escape of `json` in place (same length);
// returns how many it rewrote. Escapes are found as JSON reads them: `\\`
// is an escaped backslash, so `\\ud800` is no escape of a surrogate.
std::size_t replace_lone_surrogate_escapes(std::string& json);

}  // namespace feedwatch::feed
