// libFuzzer target for the feed parser and the two converters it relies on.
// The first input byte picks an HTTP Content-Type; the rest is the body.
// Besides crashes and sanitizer reports, it traps when a promise of the
// interface is broken: non-UTF-8 output, JSON that is not UTF-8, a date
// outside the years the parser accepts, more entries or categories than the
// parse limits allow. Run it with scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "feed/charset.h"
#include "feed/date_parser.h"
#include "feed/feed_json.h"
#include "feed/feed_parser.h"

namespace {

using feedwatch::feed::UnixSeconds;

// Content types that change how a body is read: none, feed types with and
// without charsets (legacy, multi-byte, wide), JSON Feed, and a wrong one.
constexpr std::string_view kContentTypes[] = {
    "",
    "application/rss+xml",
    "application/atom+xml; charset=utf-8",
    "text/xml; charset=iso-8859-1",
    "text/xml; charset=gb18030",
    "application/xml; charset=shift_jis",
    "application/xml; charset=utf-16",
    "application/feed+json",
    "application/json; charset=utf-8",
    "text/html; charset=windows-1251",
    "text/plain; charset=no-such-charset",
};

// parse_date accepts the years 1..9999 (0001-01-01 is -62135596800,
// 10000-01-01 is 253402300800); zone offsets and 24:00 may move an instant
// past either end by less than two days.
constexpr UnixSeconds kTwoDays = 2 * 86400;
constexpr UnixSeconds kEarliestDate = -62135596800 - kTwoDays;
constexpr UnixSeconds kLatestDate = 253402300800 + kTwoDays;

void check(bool promise_kept) {
  if (!promise_kept) __builtin_trap();
}

void fuzz_charset(std::string_view body, std::string_view content_type) {
  const feedwatch::feed::DecodedText decoded = feedwatch::feed::decode_to_utf8(body, content_type);
  check(feedwatch::feed::is_valid_utf8(decoded.utf8));
  check(!std::string_view(decoded.utf8).starts_with("\xEF\xBB\xBF"));
}

void fuzz_date(std::string_view body) {
  // Dates are short; the first line is as good a date candidate as any.
  const std::string_view line = body.substr(0, body.find('\n'));
  const std::optional<UnixSeconds> seconds = feedwatch::feed::parse_date(line);
  if (seconds) check(*seconds > kEarliestDate && *seconds < kLatestDate);
}

void fuzz_parser(std::string_view body, std::string_view content_type) {
  feedwatch::feed::Document document;
  document.body = body;
  document.content_type = std::string(content_type);
  document.url = "https://fuzz.example/feed.xml";
  const feedwatch::feed::ParseLimits limits;
  const feedwatch::feed::ParseResult result = feedwatch::feed::parse_feed(document, limits);
  if (const auto* feed = std::get_if<feedwatch::feed::Feed>(&result)) {
    check(feedwatch::feed::is_valid_utf8(feedwatch::feed::to_json(*feed)));
    check(feed->entries.size() <= limits.max_entries);
    for (const auto& entry : feed->entries) check(entry.categories.size() <= limits.max_categories_per_entry);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string_view content_type =
      kContentTypes[static_cast<unsigned char>(input[0]) % std::size(kContentTypes)];
  const std::string_view body = input.substr(1);
  fuzz_parser(body, content_type);
  fuzz_charset(body, content_type);
  fuzz_date(body);
  return 0;
}
