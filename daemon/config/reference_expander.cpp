#include "daemon/config/reference_expander.h"

#include <cstdlib>
#include <optional>

namespace feedwatch::config {
namespace {

std::variant<std::string, ExpansionError> read_whole_file(const ReferenceContext& context, const std::string& path,
                                                          std::string_view what) {
  auto read = context.files->read(path, kMaxReferencedFileBytes);
  if (auto* failure = std::get_if<FileError>(&read)) {
    return ExpansionError{std::string(what) + " " + path + " " + failure->message};
  }
  std::string text = std::get<std::string>(std::move(read));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

std::variant<std::string, ExpansionError> resolve(std::string_view kind, const std::string& name,
                                                  const ReferenceContext& context) {
  if (kind == "env") {
    const char* value = std::getenv(name.c_str());
    if (!value) return ExpansionError{"environment variable " + name + " is not set"};
    return std::string(value);
  }
  if (kind == "file") {
    bool relative = !name.starts_with('/') && !context.base_folder.empty();
    return read_whole_file(context, relative ? context.base_folder + "/" + name : name, "file");
  }
  if (kind == "credential") {
    const char* directory = std::getenv("CREDENTIALS_DIRECTORY");
    if (!directory) {
      return ExpansionError{"credential " + name +
                            " needs $CREDENTIALS_DIRECTORY (set by systemd's LoadCredential=)"};
    }
    return read_whole_file(context, std::string(directory) + "/" + name, "credential");
  }
  return ExpansionError{"unknown reference ${" + std::string(kind) + ":" + name +
                        "}; use ${env:NAME}, ${file:PATH} or ${credential:NAME}"};
}

// Charges one expansion to the load's budget.
std::optional<ExpansionError> charge(ReferenceContext& context, std::size_t bytes) {
  if (bytes > context.remaining_bytes) {
    return ExpansionError{"the ${...} references of this configuration expand to more than " +
                          describe_size(kMaxReferenceExpansionBytes) +
                          " together; name a large file once, or fewer times"};
  }
  context.remaining_bytes -= bytes;
  return std::nullopt;
}

}  // namespace

std::variant<std::string, ExpansionError> expand_references(std::string_view text, ReferenceContext& context) {
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
                         std::string(text.substr(colon + 1, end - colon - 1)), context);
    if (auto* error = std::get_if<ExpansionError>(&value)) return *error;
    if (auto over = charge(context, std::get<std::string>(value).size())) return *over;
    result += std::get<std::string>(value);
    position = end + 1;
  }
  result.append(text.substr(position));
  return result;
}

}  // namespace feedwatch::config
