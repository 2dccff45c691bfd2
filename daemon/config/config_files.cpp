#include "daemon/config/config_files.h"

#include <glob.h>

#include <algorithm>
#include <fstream>
#include <system_error>

namespace feedwatch::config {
namespace {

namespace fs = std::filesystem;

class SystemFiles final : public ConfigFiles {
 public:
  std::variant<std::string, FileError> read(const fs::path& path, std::size_t max_bytes) const override {
    std::error_code error;
    auto status = fs::status(path, error);  // follows symlinks: a link to a regular file is one
    if (error || !fs::exists(status)) return FileError{"cannot be read"};
    if (!fs::is_regular_file(status)) return FileError{"is not a regular file"};
    auto size = fs::file_size(path, error);
    if (error) return FileError{"cannot be read"};
    if (size > max_bytes) return FileError{"is larger than " + describe_size(max_bytes)};
    std::ifstream in(path, std::ios::binary);
    if (!in) return FileError{"cannot be read"};
    std::string text(static_cast<std::size_t>(size), '\0');  // a file growing meanwhile is read up to here
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
  }

  std::vector<fs::path> glob(const fs::path& pattern) const override {
    glob_t matches{};
    std::vector<fs::path> paths;
    if (::glob(pattern.c_str(), 0, nullptr, &matches) == 0) {
      for (std::size_t i = 0; i < matches.gl_pathc; ++i) paths.emplace_back(matches.gl_pathv[i]);
    }
    globfree(&matches);
    std::sort(paths.begin(), paths.end());
    return paths;
  }
};

}  // namespace

const ConfigFiles& system_files() {
  static const SystemFiles files;
  return files;
}

std::string describe_size(std::size_t bytes) {
  if (bytes >= (1 << 20) && bytes % (1 << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (1 << 10) && bytes % (1 << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace feedwatch::config
