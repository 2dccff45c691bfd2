#include "daemon/cli/parse_command.h"

#include <cstdio>
#include <iostream>

#include "daemon/fetch/document_loader.h"
#include "feed/feed_json.h"
#include "feed/feed_parser.h"

namespace feedwatch::cli {
namespace {

void print_summary(const feed::Feed& feed) {
  std::cout << feed.format << ": " << feed.title.value_or("(untitled)") << " — "
            << feed.entries.size() << " entries\n";
  for (const auto& entry : feed.entries) {
    std::cout << "  " << (entry.published ? feed::format_rfc3339(*entry.published) : "          ")
              << "  " << entry.title.value_or("(untitled)") << "\n"
              << "      " << entry.link.value_or(entry.id) << "\n";
  }
  for (const auto& error : feed.errors) std::cout << "warning: " << error << "\n";
}

}  // namespace

int run_parse_command(const ParseCommandOptions& options) {
  auto loaded = fetch::load_document(options.source, fetch::LoadOptions{});
  if (auto* failure = std::get_if<fetch::LoadFailure>(&loaded)) {
    std::cerr << "feedwatch parse: " << failure->message << "\n";
    return 1;
  }
  const auto& document = std::get<fetch::LoadedDocument>(loaded);
  auto result = feed::parse_feed(document.view());
  if (auto* failure = std::get_if<feed::ParseFailure>(&result)) {
    std::cerr << "feedwatch parse: " << options.source << ": " << failure->message << "\n";
    return 1;
  }
  const auto& parsed = std::get<feed::Feed>(result);
  if (options.json) {
    std::cout << feed::to_json(parsed) << "\n";
  } else {
    print_summary(parsed);
  }
  return 0;
}

}  // namespace feedwatch::cli
