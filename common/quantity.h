// Parses the quantities users write in configuration and rules: durations
// ("500ms", "30s", "15m", "2h", "7d") and byte sizes ("512KiB", "10MiB").
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace feedwatch {

using Milliseconds = std::chrono::milliseconds;

// A positive whole number followed by ms, s, m, h or d; nullopt otherwise.
std::optional<Milliseconds> parse_duration(std::string_view text);

// A whole number followed by B, KiB, MiB or GiB (KB/MB/GB are read as the
// same binary units, as users mean them); nullopt otherwise.
std::optional<std::uint64_t> parse_byte_size(std::string_view text);

// "15m", "2h", "1d", "1500ms": the largest exact unit.
std::string format_duration(Milliseconds duration);

}  // namespace feedwatch
