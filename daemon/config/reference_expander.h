// Expands ${env:NAME}, ${file:PATH} and ${credential:NAME} inside
// configuration strings (SPEC §2), so no secret need stand in the YAML.
// Credentials come from $CREDENTIALS_DIRECTORY (systemd's LoadCredential=).
// What references expand to is bounded per file and per load, since one
// short reference, repeated (or named through a YAML alias), could
// otherwise stand for gigabytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "daemon/config/config_files.h"

namespace feedwatch::config {

// What every reference of one load may expand to together, each use counted.
inline constexpr std::size_t kMaxReferenceExpansionBytes = 16 << 20;

struct ExpansionError {
  std::string message;  // "environment variable FEEDWATCH_HOOK_SECRET is not set"
};

// One load's references: where relative ${file:} paths start, how files
// are read, and how much expansion is left.
struct ReferenceContext {
  std::string base_folder;  // the configuration's folder
  const ConfigFiles* files = &system_files();
  std::size_t remaining_bytes = kMaxReferenceExpansionBytes;
};

// Text without "${" comes back unchanged. A relative ${file:PATH} is read
// from the context's base folder. A trailing newline of a file or
// credential is dropped, as editors add one. A file or credential larger
// than kMaxReferencedFileBytes, or expansion past the context's remaining
// bytes, is an error.
std::variant<std::string, ExpansionError> expand_references(std::string_view text, ReferenceContext& context);

}  // namespace feedwatch::config
