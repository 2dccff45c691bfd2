#include "feed/feed_json.h"

#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace feedwatch::feed {
namespace {

using Json = nlohmann::ordered_json;

template <typename Value>
Json optional_value(const std::optional<Value>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json optional_date(const std::optional<UnixSeconds>& seconds) {
  return seconds ? Json(format_rfc3339(*seconds)) : Json(nullptr);
}

Json entry_json(const Entry& entry) {
  Json object;
  object["id"] = entry.id;
  object["title"] = optional_value(entry.title);
  object["link"] = optional_value(entry.link);
  object["published"] = optional_date(entry.published);
  object["updated"] = optional_date(entry.updated);
  object["author"] = optional_value(entry.author);
  object["categories"] = entry.categories;
  object["summary"] = optional_value(entry.summary);
  object["content"] = optional_value(entry.content);
  return object;
}

}  // namespace

std::string to_json(const Feed& feed) {
  Json object;
  object["format"] = feed.format;
  object["title"] = optional_value(feed.title);
  object["link"] = optional_value(feed.link);
  object["language"] = optional_value(feed.language);
  object["errors"] = feed.errors;
  Json entries = Json::array();
  for (const Entry& entry : feed.entries) entries.push_back(entry_json(entry));
  object["entries"] = std::move(entries);
  // Invalid UTF-8 cannot reach here from the parser, but a bad byte must
  // never turn into an exception at the last step.
  return object.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Civil-calendar arithmetic (std::chrono), so years before 1970, before 1000
// and after 9999 come out right where gmtime would fail or wrap.
std::string format_rfc3339(UnixSeconds seconds) {
  using namespace std::chrono;
  sys_seconds instant{std::chrono::seconds(seconds)};
  sys_days day = floor<days>(instant);
  year_month_day date(day);
  hh_mm_ss time(instant - day);
  char buffer[64];
  int year = static_cast<int>(date.year());
  std::snprintf(buffer, sizeof buffer, "%s%04d-%02u-%02uT%02d:%02d:%02dZ", year < 0 ? "-" : "", year < 0 ? -year : year,
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return buffer;
}

}  // namespace feedwatch::feed
