#include "common/quantity.h"

#include <array>
#include <charconv>
#include <limits>
#include <utility>

namespace feedwatch {
namespace {

struct Unit {
  std::string_view suffix;
  std::uint64_t factor;
};

constexpr std::array<Unit, 5> kDurationUnits{{
    {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}}};

constexpr std::array<Unit, 7> kSizeUnits{{{"B", 1},
                                          {"KiB", 1ULL << 10},
                                          {"MiB", 1ULL << 20},
                                          {"GiB", 1ULL << 30},
                                          {"KB", 1ULL << 10},
                                          {"MB", 1ULL << 20},
                                          {"GB", 1ULL << 30}}};

// Splits "15m" into 15 and "m"; nullopt when there is no leading number.
std::optional<std::pair<std::uint64_t, std::string_view>> split_number(std::string_view text) {
  std::uint64_t number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end == text.data()) return std::nullopt;
  return std::pair{number, text.substr(static_cast<std::size_t>(end - text.data()))};
}

template <std::size_t N>
std::optional<std::uint64_t> scaled(std::string_view text, const std::array<Unit, N>& units) {
  auto split = split_number(text);
  if (!split) return std::nullopt;
  for (const auto& unit : units) {
    if (split->second != unit.suffix) continue;
    if (split->first > std::numeric_limits<std::uint64_t>::max() / unit.factor) return std::nullopt;
    return split->first * unit.factor;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Milliseconds> parse_duration(std::string_view text) {
  auto milliseconds = scaled(text, kDurationUnits);
  if (!milliseconds || *milliseconds == 0 ||
      *milliseconds > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return std::nullopt;
  }
  return Milliseconds(static_cast<std::int64_t>(*milliseconds));
}

std::optional<std::uint64_t> parse_byte_size(std::string_view text) {
  return scaled(text, kSizeUnits);
}

std::string format_duration(Milliseconds duration) {
  auto count = static_cast<std::uint64_t>(duration.count());
  for (auto unit = kDurationUnits.rbegin(); unit != kDurationUnits.rend(); ++unit) {
    if (count != 0 && count % unit->factor == 0) {
      return std::to_string(count / unit->factor) + std::string(unit->suffix);
    }
  }
  return std::to_string(count) + "ms";
}

}  // namespace feedwatch
