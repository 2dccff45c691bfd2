#include "daemon/notify/json_line.h"

namespace feedwatch::notify {

std::string to_json_line(std::string_view payload_json) {
  std::string line(payload_json);
  for (char& character : line) {
    if (character == '\n' || character == '\r') character = ' ';
  }
  line.push_back('\n');
  return line;
}

}  // namespace feedwatch::notify
