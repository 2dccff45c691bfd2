#include "daemon/config/reference_expander.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace feedwatch::config {
namespace {

std::variant<std::string, ExpansionError> read_whole_file(const std::string& path,
                                                          std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ExpansionError{std::string(what) + " " + path + " cannot be read"};
  std::ostringstream contents;
  contents << in.rdbuf();
  std::string text = contents.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

std::variant<std::string, ExpansionError> resolve(std::string_view kind, const std::string& name,
                                                  const std::string& base_folder) {
  if (kind == "env") {
    const char* value = std::getenv(name.c_str());
    if (!value) return ExpansionError{"environment variable " + name + " is not set"};
    return std::string(value);
  }
  if (kind == "file") {
    bool relative = !name.starts_with('/') && !base_folder.empty();
    return read_whole_file(relative ? base_folder + "/" + name : name, "file");
  }
  if (kind == "credential") {
    const char* directory = std::getenv("CREDENTIALS_DIRECTORY");
    if (!directory) {
      return ExpansionError{"credential " + name +
                            " needs $CREDENTIALS_DIRECTORY (set by systemd's LoadCredential=)"};
    }
    return read_whole_file(std::string(directory) + "/" + name, "credential");
  }
  return ExpansionError{"unknown reference ${" + std::string(kind) + ":" + name +
                        "}; use ${env:NAME}, ${file:PATH} or ${credential:NAME}"};
}

}  // namespace

std::variant<std::string, ExpansionError> expand_references(std::string_view text,
                                                            const std::string& base_folder) {
  std::string result;
  std::size_t position = 0;
  while (true) {
    std::size_t start = text.find("${", position);
    if (start == std::string_view::npos) break;
    std::size_t end = text.find('}', start);
    std::size_t colon = text.find(':', start);
    if (end == std::string_view::npos || colon == std::string_view::npos || colon > end) {
      return ExpansionError{"unterminated or malformed ${...} reference"};
    }
    result.append(text.substr(position, start - position));
    auto value = resolve(text.substr(start + 2, colon - start - 2),
                         std::string(text.substr(colon + 1, end - colon - 1)), base_folder);
    if (auto* error = std::get_if<ExpansionError>(&value)) return *error;
    result += std::get<std::string>(value);
    position = end + 1;
  }
  result.append(text.substr(position));
  return result;
}

}  // namespace feedwatch::config
