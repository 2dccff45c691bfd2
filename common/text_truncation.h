// Shortens plain text for alert payloads and notifier messages without
// breaking a UTF-8 character, and preferably not a word. Shared by the
// pipeline (the payload's summary) and the notifiers (each message format's
// own limits). Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace feedwatch {

inline constexpr std::string_view kEllipsis = "…";

// Characters (code points) in UTF-8 `text`.
std::size_t character_count(std::string_view text);

// `text` if it has at most `max_characters` characters; otherwise a prefix
// ending in "…" with at most `max_characters` characters in all (the
// ellipsis counts as one). The cut falls after the last white space in the
// final fifth of the room when there is one (texts without spaces, such as
// Chinese, are cut anywhere), and never inside a character.
// REQUIRES: max_characters >= 1.
std::string truncate_text(std::string_view text, std::size_t max_characters);

}  // namespace feedwatch
