#include "daemon/cli/import_opml_command.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "daemon/config/opml_reader.h"

namespace feedwatch::cli {

int run_import_opml_command(const std::string& opml_path) {
  std::ifstream in(opml_path, std::ios::binary);
  if (!in) {
    std::cerr << "feedwatch import-opml: " << opml_path << ": cannot open file\n";
    return 1;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto feeds = config::read_opml(text.str());
  if (auto* failure = std::get_if<config::OpmlError>(&feeds)) {
    std::cerr << "feedwatch import-opml: " << opml_path << ": " << failure->message << "\n";
    return 1;
  }
  std::cout << config::opml_feeds_as_yaml(std::get<std::vector<config::OpmlFeed>>(feeds));
  return 0;
}

}  // namespace feedwatch::cli
