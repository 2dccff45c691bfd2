// One-shot loading with libcurl's easy interface: the CLI commands fetch a
// single document and exit, so the daemon's multi-socket machinery would add
// nothing here.
#include "daemon/fetch/document_loader.h"

#include <curl/curl.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

namespace feedwatch::fetch {
namespace {

struct CurlEasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

struct Transfer {
  std::string body;
  std::string content_location;
  std::size_t max_body_bytes = 0;
  bool over_limit = false;
};

// Counts decompressed bytes: curl hands the write callback decoded data, so
// this cap also stops a compression bomb.
std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::size_t bytes = size * count;
  if (transfer->body.size() + bytes > transfer->max_body_bytes) {
    transfer->over_limit = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  transfer->body.append(data, bytes);
  return bytes;
}

std::string trimmed(std::string_view text) {
  auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  auto end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  constexpr std::string_view kName = "content-location:";
  if (line.size() > kName.size()) {
    std::string lower(line.substr(0, kName.size()));
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == kName) transfer->content_location = trimmed(line.substr(kName.size()));
  }
  return size * count;
}

bool has_url_scheme(const std::string& source) {
  return source.starts_with("http://") || source.starts_with("https://") ||
         source.starts_with("file://");
}

std::variant<LoadedDocument, LoadFailure> load_url(const std::string& url,
                                                   const LoadOptions& options) {
  CurlEasy curl(curl_easy_init());
  if (!curl) return LoadFailure{url + ": could not initialise libcurl"};
  Transfer transfer;
  transfer.max_body_bytes = options.max_body_bytes;
  char error_buffer[CURL_ERROR_SIZE] = {};
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https,file");
  curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(handle, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT, options.timeout_seconds);
  curl_easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(options.max_body_bytes));
  curl_easy_setopt(handle, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);

  CURLcode code = curl_easy_perform(handle);
  if (transfer.over_limit || code == CURLE_FILESIZE_EXCEEDED) {
    return LoadFailure{url + ": body larger than " + std::to_string(options.max_body_bytes) +
                       " bytes; raise fetch.max_body if this feed is really that large"};
  }
  if (code != CURLE_OK) {
    std::string reason = error_buffer[0] ? error_buffer : curl_easy_strerror(code);
    return LoadFailure{url + ": " + reason};
  }
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 400) {
    return LoadFailure{url + ": HTTP " + std::to_string(status) + "; check the URL"};
  }
  LoadedDocument document;
  document.body = std::move(transfer.body);
  document.content_location = std::move(transfer.content_location);
  char* text = nullptr;
  if (curl_easy_getinfo(handle, CURLINFO_CONTENT_TYPE, &text) == CURLE_OK && text) {
    document.content_type = text;
  }
  document.url = (curl_easy_getinfo(handle, CURLINFO_EFFECTIVE_URL, &text) == CURLE_OK && text)
                     ? text
                     : url;
  return document;
}

std::variant<LoadedDocument, LoadFailure> load_stream(std::istream& in, const std::string& name,
                                                      const LoadOptions& options) {
  LoadedDocument document;
  char buffer[64 * 1024];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    document.body.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (document.body.size() > options.max_body_bytes) {
      return LoadFailure{name + ": larger than " + std::to_string(options.max_body_bytes) +
                         " bytes"};
    }
  }
  if (in.bad()) return LoadFailure{name + ": read error"};
  return document;
}

std::string file_url_for(const std::string& path) {
  std::error_code error;
  auto absolute = std::filesystem::absolute(path, error);
  return "file://" + (error ? path : absolute.string());
}

}  // namespace

std::variant<LoadedDocument, LoadFailure> load_document(const std::string& source,
                                                        const LoadOptions& options) {
  if (source == "-") return load_stream(std::cin, "standard input", options);
  if (has_url_scheme(source)) return load_url(source, options);
  std::ifstream file(source, std::ios::binary);
  if (!file) return LoadFailure{source + ": cannot open file: " + std::strerror(errno)};
  auto result = load_stream(file, source, options);
  if (auto* document = std::get_if<LoadedDocument>(&result)) document->url = file_url_for(source);
  return result;
}

}  // namespace feedwatch::fetch
