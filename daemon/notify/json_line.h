// Folds an alert's JSON text into exactly one line for the line-oriented
// sinks (stdout, file): JSON Lines, one alert per line. Pure function.
#pragma once

#include <string>
#include <string_view>

namespace feedwatch::notify {

// `payload_json` with every raw CR and LF replaced by a space, plus a final
// "\n". Valid JSON can hold raw line breaks only as white space between
// tokens (inside strings they are escaped), so the value is unchanged.
std::string to_json_line(std::string_view payload_json);

}  // namespace feedwatch::notify
