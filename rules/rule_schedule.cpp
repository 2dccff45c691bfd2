#include "rules/rule_schedule.h"

#include <array>
#include <cctype>
#include <charconv>
#include <sstream>
#include <vector>

namespace feedwatch::rules {
namespace {

constexpr std::array<std::string_view, 7> kWeekdays{"monday", "tuesday", "wednesday", "thursday",
                                                    "friday", "saturday", "sunday"};

constexpr std::string_view kDigestShape =
    "expected \"daily HH:MM [Zone]\" or \"weekly DAY HH:MM [Zone]\", as in \"daily 08:00 Europe/Berlin\"";

bool parse_number(std::string_view text, std::int64_t* value) {
  if (text.empty() || text.size() > 9 || text.front() < '0' || text.front() > '9') return false;
  auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return status == std::errc() && end == text.data() + text.size();
}

std::vector<std::string> split_words(std::string_view text) {
  std::istringstream stream{std::string(text)};
  std::vector<std::string> words;
  for (std::string word; stream >> word;) words.push_back(word);
  return words;
}

bool parse_time_of_day(std::string_view text, DigestSchedule* schedule) {
  std::size_t colon = text.find(':');
  std::int64_t hour = 0;
  std::int64_t minute = 0;
  if (colon == std::string_view::npos || text.size() - colon != 3) return false;
  if (!parse_number(text.substr(0, colon), &hour) || !parse_number(text.substr(colon + 1), &minute)) return false;
  if (hour > 23 || minute > 59 || colon > 2) return false;
  schedule->hour = static_cast<int>(hour);
  schedule->minute = static_cast<int>(minute);
  return true;
}

bool parse_weekday(std::string word, int* weekday) {
  for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::size_t i = 0; i < kWeekdays.size(); ++i) {
    if (word == kWeekdays[i] || (word.size() == 3 && kWeekdays[i].substr(0, 3) == word)) {
      *weekday = static_cast<int>(i);
      return true;
    }
  }
  return false;
}

// Light check: "UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+3".
bool plausible_time_zone(std::string_view zone) {
  if (zone.empty() || zone.front() == '/' || zone.back() == '/') return false;
  for (char c : zone) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '_' && c != '-' && c != '+') return false;
  }
  return std::isalpha(static_cast<unsigned char>(zone.front())) != 0;
}

}  // namespace

Expected<DigestSchedule, std::string> parse_digest(std::string_view text) {
  std::vector<std::string> words = split_words(text);
  std::string problem = "invalid digest '" + std::string(text) + "': " + std::string(kDigestShape);
  DigestSchedule schedule;
  std::size_t next = 1;
  if (words.empty()) return make_unexpected(problem);
  if (words[0] == "weekly") {
    schedule.period = DigestSchedule::Period::kWeekly;
    if (words.size() < 2 || !parse_weekday(words[1], &schedule.weekday)) {
      return make_unexpected(problem + "; DAY is mon, tue, wed, thu, fri, sat or sun");
    }
    next = 2;
  } else if (words[0] != "daily") {
    return make_unexpected(problem);
  }
  if (words.size() <= next || !parse_time_of_day(words[next], &schedule)) {
    return make_unexpected(problem + "; HH:MM is a 24-hour time such as 08:00");
  }
  if (words.size() > next + 2) return make_unexpected(problem);
  if (words.size() == next + 2) {
    if (!plausible_time_zone(words[next + 1])) {
      return make_unexpected("invalid time zone '" + words[next + 1] + "' in digest; use an IANA name such as Europe/Berlin or UTC");
    }
    schedule.time_zone = words[next + 1];
  }
  return schedule;
}

}  // namespace feedwatch::rules
