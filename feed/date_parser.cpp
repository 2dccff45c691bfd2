// Feed date parsing, hand-written on purpose: feed dates are whatever a CMS
// printed, and accepting their deviations (two-digit years, "Fri,24 Nov",
// "13 Feb, 2012", zone names like "ET") is the product. A general date
// library would reject most of them or guess. The calendar arithmetic is
// std::chrono's civil calendar, so no time zone or locale state is touched.
#include "feed/date_parser.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace feedwatch::feed {
namespace {

constexpr int kSecondsPerMinute = 60;
constexpr int kSecondsPerHour = 3600;
constexpr UnixSeconds kSecondsPerDay = 86400;

// A calendar date and wall-clock time plus the zone offset it was written in.
struct DateTimeParts {
  int year = 0;
  unsigned month = 1;
  unsigned day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int offset_seconds = 0;  // local time minus UTC
};

bool is_digit(char character) { return character >= '0' && character <= '9'; }
bool is_letter(char character) {
  return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z');
}
bool is_space(char character) {
  return character == ' ' || character == '\t' || character == '\r' || character == '\n';
}

std::string to_lower(std::string_view text) {
  std::string lower(text);
  for (char& character : lower) {
    if (character >= 'A' && character <= 'Z') character = static_cast<char>(character - 'A' + 'a');
  }
  return lower;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// Rejects what the calendar does not have (month 13, 30 February, 25:00)
// instead of normalizing it into some other instant.
std::optional<UnixSeconds> to_unix_seconds(const DateTimeParts& parts) {
  if (parts.year < 1 || parts.year > 9999) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{parts.year},
                                         std::chrono::month{parts.month},
                                         std::chrono::day{parts.day}};
  if (!date.ok()) return std::nullopt;
  if (parts.hour < 0 || parts.hour > 24 || parts.minute < 0 || parts.minute > 59 ||
      parts.second < 0 || parts.second > 60) {
    return std::nullopt;
  }
  // ISO 8601 allows 24:00:00 for the end of a day, and nothing past it.
  if (parts.hour == 24 && (parts.minute != 0 || parts.second != 0)) return std::nullopt;
  const UnixSeconds days = std::chrono::sys_days{date}.time_since_epoch().count();
  return days * kSecondsPerDay + parts.hour * kSecondsPerHour + parts.minute * kSecondsPerMinute +
         parts.second - parts.offset_seconds;
}

// A read position in a date string.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool at_end() const { return position_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[position_]; }
  std::string_view rest() const { return text_.substr(position_); }

  bool consume(char expected) {
    if (peek() != expected) return false;
    ++position_;
    return true;
  }
  // Consumes one of `choices` and returns it, or returns '\0'.
  char consume_one_of(std::string_view choices) {
    const char next = peek();
    if (next == '\0' || choices.find(next) == std::string_view::npos) return '\0';
    ++position_;
    return next;
  }
  void skip_spaces() {
    while (!at_end() && is_space(text_[position_])) ++position_;
  }
  // Reads between min_count and max_count digits; `count` receives how many.
  std::optional<int> digits(std::size_t min_count, std::size_t max_count,
                            std::size_t* count = nullptr) {
    std::size_t length = 0;
    int value = 0;
    while (length < max_count && is_digit(peek())) {
      value = value * 10 + (text_[position_] - '0');
      ++position_;
      ++length;
    }
    if (count != nullptr) *count = length;
    if (length < min_count) return std::nullopt;
    return value;
  }
  void skip_digits() {
    while (is_digit(peek())) ++position_;
  }

 private:
  std::string_view text_;
  std::size_t position_ = 0;
};

// ---------------------------------------------------------------------------
// Zones

struct NamedZone {
  std::string_view name;
  int offset_minutes;
};

// North American abbreviations include the bare "AT/ET/CT/MT/PT" forms that
// feeds print and feedparser accepts (taken as standard time). Ambiguous
// names take the reading most common in news feeds: CST is US Central, IST
// is India, BST is British Summer Time.
constexpr NamedZone kNamedZones[] = {
    {"ut", 0},          {"utc", 0},         {"gmt", 0},         {"z", 0},
    {"wet", 0},         {"west", 60},       {"bst", 60},        {"cet", 60},
    {"cest", 120},      {"met", 60},        {"mest", 120},      {"mez", 60},
    {"mesz", 120},      {"eet", 120},       {"eest", 180},      {"msk", 180},
    {"ist", 330},       {"pkt", 300},       {"ict", 420},       {"wib", 420},
    {"hkt", 480},       {"sgt", 480},       {"awst", 480},      {"pht", 480},
    {"jst", 540},       {"kst", 540},       {"acst", 570},      {"acdt", 630},
    {"aest", 600},      {"aedt", 660},      {"nzst", 720},      {"nzdt", 780},
    {"nst", -210},      {"ndt", -150},      {"ast", -240},      {"adt", -180},
    {"at", -240},       {"est", -300},      {"edt", -240},      {"et", -300},
    {"cst", -360},      {"cdt", -300},      {"ct", -360},       {"mst", -420},
    {"mdt", -360},      {"mt", -420},       {"pst", -480},      {"pdt", -420},
    {"pt", -480},       {"akst", -540},     {"akdt", -480},     {"hst", -600},
};

// Military single-letter zones with their true offsets (A = +1 ... M = +12,
// N = -1 ... Y = -12, Z = 0). RFC 822 printed the signs reversed; RFC 1123
// §5.2.14 acknowledges the error, so we follow the military convention.
std::optional<int> military_zone_minutes(char letter) {
  if (letter >= 'a' && letter <= 'i') return (letter - 'a' + 1) * 60;
  if (letter >= 'k' && letter <= 'm') return (letter - 'k' + 10) * 60;
  if (letter >= 'n' && letter <= 'y') return -(letter - 'n' + 1) * 60;
  if (letter == 'z') return 0;
  return std::nullopt;  // 'j' is local time: no offset we could know
}

// "+0200", "-01:01", "+02", "+5", "+530" -> seconds; the sign included.
std::optional<int> parse_numeric_offset(std::string_view text) {
  Cursor cursor(text);
  const char sign = cursor.consume_one_of("+-");
  if (sign == '\0') return std::nullopt;
  std::size_t count = 0;
  std::optional<int> number = cursor.digits(1, 4, &count);
  if (!number) return std::nullopt;
  int hours = *number;
  int minutes = 0;
  if (count > 2) {  // "0200", "530": the last two digits are minutes
    hours = *number / 100;
    minutes = *number % 100;
  } else if (cursor.consume(':')) {
    std::optional<int> minute_digits = cursor.digits(2, 2);
    if (!minute_digits) return std::nullopt;
    minutes = *minute_digits;
  }
  if (!cursor.at_end() || hours > 23 || minutes > 59) return std::nullopt;
  const int seconds = hours * kSecondsPerHour + minutes * kSecondsPerMinute;
  return sign == '-' ? -seconds : seconds;
}

std::optional<int> named_zone_seconds(std::string_view lower) {
  for (const NamedZone& zone : kNamedZones) {
    if (zone.name == lower) return zone.offset_minutes * kSecondsPerMinute;
  }
  if (lower.size() == 1) {
    if (std::optional<int> minutes = military_zone_minutes(lower[0])) {
      return *minutes * kSecondsPerMinute;
    }
  }
  return std::nullopt;
}

// A zone as written after a time: "Z", "+08:00", "GMT", "GMT-01:01",
// "Etc/GMT", "EST". Empty means UTC (RFC 3339 has no local time; a feed
// that omits the zone almost always means UTC or its server's time, which
// we cannot know).
std::optional<int> parse_zone(std::string_view text) {
  std::string lower = to_lower(trim(text));
  if (lower.empty()) return 0;
  bool posix_signs = false;  // "Etc/GMT+5" is five hours *behind* UTC
  if (lower.starts_with("etc/")) {
    lower.erase(0, 4);
    posix_signs = true;
  }
  for (std::string_view prefix : {"gmt", "utc", "ut"}) {
    if (lower.size() > prefix.size() && lower.starts_with(prefix) &&
        (lower[prefix.size()] == '+' || lower[prefix.size()] == '-')) {
      std::optional<int> offset = parse_numeric_offset(std::string_view(lower).substr(prefix.size()));
      if (offset && posix_signs) return -*offset;
      return offset;
    }
  }
  if (lower[0] == '+' || lower[0] == '-') return parse_numeric_offset(lower);
  return named_zone_seconds(lower);
}

// ---------------------------------------------------------------------------
// Clock: "16:31", "16:31:00", "16:31:00.123"

bool parse_clock(Cursor& cursor, DateTimeParts& parts) {
  std::optional<int> hour = cursor.digits(1, 2);
  if (!hour || !cursor.consume(':')) return false;
  std::optional<int> minute = cursor.digits(2, 2);
  if (!minute) return false;
  parts.hour = *hour;
  parts.minute = *minute;
  parts.second = 0;
  if (cursor.consume(':')) {
    std::optional<int> second = cursor.digits(2, 2);
    if (!second) return false;
    parts.second = *second;
    // Fractions of a second are dropped: the output has whole seconds.
    if (cursor.consume_one_of(".,") != '\0') {
      if (!is_digit(cursor.peek())) return false;
      cursor.skip_digits();
    }
  }
  return true;
}

// ---------------------------------------------------------------------------
// ISO 8601 / RFC 3339 / W3C-DTF: "2003-12-31T18:14:55+08:00" and relatives

// "2003-12-31", "2003-12", "2003", "2003-365", and "2003-012-31" (a
// three-digit month seen in the wild). '/' is accepted in place of '-'.
bool parse_iso_extended_date(Cursor& cursor, DateTimeParts& parts) {
  const char separator = cursor.consume_one_of("-/");
  if (separator == '\0') return cursor.at_end();  // a bare year
  std::size_t month_digits = 0;
  std::optional<int> month = cursor.digits(1, 3, &month_digits);
  if (!month) return false;
  if (!cursor.consume(separator)) {
    if (month_digits != 3) {  // year and month only
      parts.month = static_cast<unsigned>(*month);
      return cursor.at_end();
    }
    // Ordinal date: day of the year.
    if (*month < 1) return false;
    const std::chrono::sys_days first{std::chrono::year{parts.year} / 1 / 1};
    const std::chrono::year_month_day date{first + std::chrono::days{*month - 1}};
    if (date.year() != std::chrono::year{parts.year}) return false;
    parts.month = static_cast<unsigned>(date.month());
    parts.day = static_cast<unsigned>(date.day());
    return cursor.at_end();
  }
  std::optional<int> day = cursor.digits(1, 2);
  if (!day) return false;
  parts.month = static_cast<unsigned>(*month);
  parts.day = static_cast<unsigned>(*day);
  return true;
}

// "20031231" and "20031231T101455Z" (ISO 8601 basic format).
bool parse_iso_basic(Cursor& cursor, DateTimeParts& parts) {
  std::optional<int> month = cursor.digits(2, 2);
  std::optional<int> day = cursor.digits(2, 2);
  if (!month || !day) return false;
  parts.month = static_cast<unsigned>(*month);
  parts.day = static_cast<unsigned>(*day);
  if (cursor.consume_one_of("Tt") == '\0') return cursor.at_end();
  std::optional<int> hour = cursor.digits(2, 2);
  std::optional<int> minute = cursor.digits(2, 2);
  if (!hour || !minute) return false;
  parts.hour = *hour;
  parts.minute = *minute;
  parts.second = cursor.digits(2, 2).value_or(0);
  std::optional<int> offset = parse_zone(cursor.rest());
  if (!offset) return false;
  parts.offset_seconds = *offset;
  return true;
}

std::optional<DateTimeParts> parse_iso8601(std::string_view text) {
  Cursor cursor(text);
  DateTimeParts parts;
  std::optional<int> year = cursor.digits(4, 4);
  if (!year) return std::nullopt;
  parts.year = *year;
  if (is_digit(cursor.peek())) {
    if (!parse_iso_basic(cursor, parts)) return std::nullopt;
    return parts;
  }
  if (!parse_iso_extended_date(cursor, parts)) return std::nullopt;
  if (cursor.at_end()) return parts;
  // The date/time separator: 'T', 't', or white space (RFC 3339 §5.6 NOTE).
  if (cursor.consume_one_of("Tt") == '\0') {
    if (!is_space(cursor.peek())) return std::nullopt;
    cursor.skip_spaces();
  }
  if (!parse_clock(cursor, parts)) return std::nullopt;
  std::optional<int> offset = parse_zone(cursor.rest());
  if (!offset) return std::nullopt;
  parts.offset_seconds = *offset;
  return parts;
}

// ---------------------------------------------------------------------------
// RFC 822 / RFC 1123 / asctime and their relatives, read as a bag of tokens
// so that order and punctuation may vary: "Thu, 01 Jan 04 19:48:21 GMT",
// "Sun Jan  4 16:29:06 2004", "Thu Aug 30 2012 17:26:16 +0200".

constexpr std::string_view kMonthNames[] = {"january", "february", "march",     "april",
                                            "may",     "june",     "july",      "august",
                                            "september", "october", "november", "december"};
constexpr std::string_view kWeekdayNames[] = {"monday", "tuesday",  "wednesday", "thursday",
                                              "friday", "saturday", "sunday"};

// "jan", "janu", "january" and "sept" all name a month: at least three
// letters that start its full name.
bool abbreviates(std::string_view lower, std::string_view full_name) {
  return lower.size() >= 3 && full_name.starts_with(lower);
}

std::optional<unsigned> month_number(std::string_view lower) {
  for (unsigned index = 0; index < std::size(kMonthNames); ++index) {
    if (abbreviates(lower, kMonthNames[index])) return index + 1;
  }
  return std::nullopt;
}

bool is_weekday(std::string_view lower) {
  for (std::string_view name : kWeekdayNames) {
    if (abbreviates(lower, name)) return true;
  }
  return false;
}

// Splits on white space and commas, drops "(comment)"s and a trailing '.'
// ("Jan."), and splits "26-Jan-2004" into its three parts.
std::vector<std::string_view> tokenize(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t position = 0;
  while (position < text.size()) {
    const char character = text[position];
    if (is_space(character) || character == ',') {
      ++position;
    } else if (character == '(') {
      const std::size_t close = text.find(')', position);
      position = close == std::string_view::npos ? text.size() : close + 1;
    } else {
      std::size_t end = position;
      while (end < text.size() && !is_space(text[end]) && text[end] != ',' && text[end] != '(') {
        ++end;
      }
      std::string_view token = text.substr(position, end - position);
      if (token.size() > 1 && token.back() == '.') token.remove_suffix(1);
      tokens.push_back(token);
      position = end;
    }
  }
  return tokens;
}

// "26-Jan-2004" -> {"26", "Jan", "2004"}; other tokens pass through.
std::vector<std::string_view> split_dashed_dates(const std::vector<std::string_view>& tokens) {
  std::vector<std::string_view> result;
  for (std::string_view token : tokens) {
    const std::size_t first = token.find('-');
    const std::size_t second = token.find('-', first + 1);
    const bool dashed = first != std::string_view::npos && first > 0 && is_digit(token[0]) &&
                        second != std::string_view::npos && is_letter(token[first + 1]);
    if (!dashed) {
      result.push_back(token);
      continue;
    }
    result.push_back(token.substr(0, first));
    result.push_back(token.substr(first + 1, second - first - 1));
    result.push_back(token.substr(second + 1));
  }
  return result;
}

// What the tokens of an RFC 822-like date said, as far as they said it.
struct LooseFields {
  std::optional<int> day;
  std::optional<unsigned> month;
  std::optional<int> year;
  std::size_t year_digits = 0;
  bool has_clock = false;
  bool has_zone = false;
  DateTimeParts parts;
};

bool all_digits(std::string_view token) {
  if (token.empty()) return false;
  for (char character : token) {
    if (!is_digit(character)) return false;
  }
  return true;
}

bool take_number(std::string_view token, LooseFields& fields) {
  if (token.size() > 4) return false;  // no day or year has more digits
  int value = 0;
  for (char character : token) value = value * 10 + (character - '0');
  if (token.size() <= 2 && !fields.day) {
    fields.day = value;
  } else if (!fields.year) {
    fields.year = value;
    fields.year_digits = token.size();
  } else {
    return false;
  }
  return true;
}

// "16:29:06", or with the zone attached: "16:29:06+0200", "16:29:06Z".
bool take_clock(std::string_view token, LooseFields& fields) {
  Cursor cursor(token);
  if (fields.has_clock || !parse_clock(cursor, fields.parts)) return false;
  fields.has_clock = true;
  if (cursor.at_end()) return true;
  std::optional<int> offset = parse_zone(cursor.rest());
  if (!offset) return false;
  fields.parts.offset_seconds = *offset;
  fields.has_zone = true;
  return true;
}

bool take_meridiem(std::string_view lower, LooseFields& fields) {
  const bool morning = lower == "am" || lower == "a.m";
  const bool afternoon = lower == "pm" || lower == "p.m";
  if (!(morning || afternoon) || !fields.has_clock) return false;
  int& hour = fields.parts.hour;
  if (hour < 1 || hour > 12) return false;
  if (morning && hour == 12) hour = 0;
  if (afternoon && hour != 12) hour += 12;
  return true;
}

// A zone after the clock. An unknown alphabetic zone name is read as UTC:
// feedparser does the same, and the instant is then right within hours,
// where dropping it would leave the entry undated.
bool take_zone(std::string_view token, const std::string& lower, LooseFields& fields) {
  if (!fields.has_clock || fields.has_zone) return false;
  if (std::optional<int> offset = parse_zone(token)) {
    fields.parts.offset_seconds = *offset;
  } else {
    const bool looks_like_zone_name =
        lower.size() >= 2 && lower.size() <= 5 &&
        std::all_of(lower.begin(), lower.end(), [](char character) { return is_letter(character); });
    if (!looks_like_zone_name) return false;
  }
  fields.has_zone = true;
  return true;
}

bool take_token(std::string_view token, LooseFields& fields) {
  if (token.empty()) return false;
  const std::string lower = to_lower(token);
  if (all_digits(token)) return take_number(token, fields);
  if (is_digit(token[0]) && token.find(':') != std::string_view::npos) {
    return take_clock(token, fields);
  }
  if (!fields.month) {
    if (std::optional<unsigned> month = month_number(lower)) {
      fields.month = month;
      return true;
    }
  }
  // Weekdays are ignored, not checked: feeds often get them wrong.
  if (is_weekday(lower)) return true;
  if (take_meridiem(lower, fields)) return true;
  return take_zone(token, lower, fields);
}

// Years written with two digits: 00-49 are 20xx, 50-99 are 19xx. Three- and
// four-digit years are taken as written ("0100" is the year 100).
int expand_year(int year, std::size_t digits) {
  if (digits > 2) return year;
  return year < 50 ? 2000 + year : 1900 + year;
}

std::optional<DateTimeParts> parse_loose(std::string_view text) {
  LooseFields fields;
  for (std::string_view token : split_dashed_dates(tokenize(text))) {
    if (!take_token(token, fields)) return std::nullopt;
  }
  if (!fields.day || !fields.month || !fields.year) return std::nullopt;
  DateTimeParts parts = fields.parts;
  parts.year = expand_year(*fields.year, fields.year_digits);
  parts.month = *fields.month;
  parts.day = static_cast<unsigned>(*fields.day);
  return parts;
}

bool starts_with_year(std::string_view text) {
  return text.size() >= 4 && is_digit(text[0]) && is_digit(text[1]) && is_digit(text[2]) &&
         is_digit(text[3]) && (text.size() == 4 || !is_space(text[4]));
}

}  // namespace

std::optional<UnixSeconds> parse_date(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > 256) return std::nullopt;
  std::optional<DateTimeParts> parts =
      starts_with_year(text) ? parse_iso8601(text) : parse_loose(text);
  if (!parts) return std::nullopt;
  return to_unix_seconds(*parts);
}

}  // namespace feedwatch::feed
