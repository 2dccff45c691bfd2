// Expands ${env:NAME}, ${file:PATH} and ${credential:NAME} inside
// configuration strings (SPEC §2), so no secret need stand in the YAML.
// Credentials come from $CREDENTIALS_DIRECTORY (systemd's LoadCredential=).
#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace feedwatch::config {

struct ExpansionError {
  std::string message;  // "environment variable FEEDWATCH_HOOK_SECRET is not set"
};

// Text without "${" comes back unchanged. A relative ${file:PATH} is read
// from `base_folder` (the configuration's folder). A trailing newline of a
// file or credential is dropped, as editors add one.
std::variant<std::string, ExpansionError> expand_references(std::string_view text,
                                                            const std::string& base_folder);

}  // namespace feedwatch::config
