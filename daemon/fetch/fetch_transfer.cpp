// Redirects are followed here rather than by CURLOPT_FOLLOWLOCATION because
// the scheduler must learn whether they were permanent (301/308), and only
// each hop's own status says so. Every hop is a fresh transfer on the same
// easy handle, so connections are reused and curl_easy_header() reports the
// headers of that hop alone.
#include "daemon/fetch/fetch_transfer.h"

#include <algorithm>
#include <cctype>
#include <new>
#include <utility>

#include "daemon/fetch/retry_after.h"

namespace feedwatch::fetch {
namespace {

constexpr const char* kAcceptHeader =
    "Accept: application/rss+xml, application/atom+xml, application/feed+json, "
    "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8";

std::string format_duration(std::chrono::milliseconds duration) {
  auto count = duration.count();
  if (count % 1000 == 0) return std::to_string(count / 1000) + "s";
  return std::to_string(count) + "ms";
}

std::string format_size(std::size_t bytes) {
  constexpr std::size_t kKiB = 1024, kMiB = 1024 * 1024;
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + "MiB";
  if (bytes >= kKiB && bytes % kKiB == 0) return std::to_string(bytes / kKiB) + "KiB";
  return std::to_string(bytes) + " bytes";
}

std::string_view reason_phrase(long status) {
  struct Reason {
    long status;
    std::string_view phrase;
  };
  static constexpr Reason kReasons[] = {
      {400, "Bad Request"},         {401, "Unauthorized"},
      {403, "Forbidden"},           {404, "Not Found"},
      {405, "Method Not Allowed"},  {406, "Not Acceptable"},
      {408, "Request Timeout"},     {410, "Gone"},
      {429, "Too Many Requests"},   {500, "Internal Server Error"},
      {501, "Not Implemented"},     {502, "Bad Gateway"},
      {503, "Service Unavailable"}, {504, "Gateway Timeout"},
  };
  for (const Reason& reason : kReasons) {
    if (reason.status == status) return reason.phrase;
  }
  return {};
}

// How a libcurl error code maps to what the scheduler acts on.
struct CurlFailure {
  CURLcode code;
  FetchErrorKind kind;
  const char* what;
};

constexpr CurlFailure kCurlFailures[] = {
    {CURLE_COULDNT_RESOLVE_HOST, FetchErrorKind::connection, "cannot resolve host"},
    {CURLE_COULDNT_RESOLVE_PROXY, FetchErrorKind::connection, "cannot resolve proxy"},
    {CURLE_COULDNT_CONNECT, FetchErrorKind::connection, "cannot connect"},
    {CURLE_SEND_ERROR, FetchErrorKind::connection, "connection broke while sending"},
    {CURLE_RECV_ERROR, FetchErrorKind::connection, "connection broke while receiving"},
    {CURLE_GOT_NOTHING, FetchErrorKind::connection,
     "server closed the connection without replying"},
    {CURLE_PARTIAL_FILE, FetchErrorKind::connection, "response ended early"},
    {CURLE_WEIRD_SERVER_REPLY, FetchErrorKind::connection, "not an HTTP reply"},
    {CURLE_HTTP2, FetchErrorKind::connection, "HTTP/2 error"},
    {CURLE_HTTP2_STREAM, FetchErrorKind::connection, "HTTP/2 stream error"},
    {CURLE_BAD_CONTENT_ENCODING, FetchErrorKind::connection, "cannot decode the compressed body"},
    {CURLE_SSL_CONNECT_ERROR, FetchErrorKind::tls, "TLS handshake failed"},
    {CURLE_PEER_FAILED_VERIFICATION, FetchErrorKind::tls, "TLS certificate not trusted"},
    {CURLE_SSL_CERTPROBLEM, FetchErrorKind::tls, "TLS certificate problem"},
    {CURLE_SSL_CIPHER, FetchErrorKind::tls, "no common TLS cipher"},
    {CURLE_SSL_CACERT_BADFILE, FetchErrorKind::tls, "cannot read the CA certificates"},
    {CURLE_SSL_ISSUER_ERROR, FetchErrorKind::tls, "TLS certificate issuer problem"},
    {CURLE_SSL_INVALIDCERTSTATUS, FetchErrorKind::tls, "TLS certificate status invalid"},
    {CURLE_SSL_PINNEDPUBKEYNOTMATCH, FetchErrorKind::tls, "TLS public key does not match the pin"},
    {CURLE_SSL_CRL_BADFILE, FetchErrorKind::tls, "cannot read the certificate revocation list"},
    {CURLE_URL_MALFORMAT, FetchErrorKind::invalid_url, "malformed URL"},
    {CURLE_UNSUPPORTED_PROTOCOL, FetchErrorKind::invalid_url, "unsupported URL scheme"},
    {CURLE_FILE_COULDNT_READ_FILE, FetchErrorKind::file, "cannot read file"},
    {CURLE_READ_ERROR, FetchErrorKind::file, "cannot read file"},
};

bool is_redirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool is_permanent_redirect(long status) { return status == 301 || status == 308; }

std::string scheme_of(const std::string& url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return {};
  std::string scheme = url.substr(0, scheme_end);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return scheme;
}

bool is_http_url(const std::string& url) {
  std::string scheme = scheme_of(url);
  return scheme == "http" || scheme == "https";
}

}  // namespace

FetchTransfer::FetchTransfer(FetchRequest request, std::chrono::milliseconds queue_wait)
    : request_(std::move(request)),
      queue_wait_(queue_wait),
      started_at_(std::chrono::steady_clock::now()),
      handle_(curl_easy_init()) {
  if (!handle_) throw std::bad_alloc();
  configure();
}

void FetchTransfer::configure() {
  CURL* handle = handle_.get();
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer_.data());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https,file");
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
  curl_easy_setopt(handle, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(request_.max_body_bytes));
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &FetchTransfer::on_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, &FetchTransfer::on_progress);
  curl_easy_setopt(handle, CURLOPT_XFERINFODATA, this);
  curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
  if (!request_.user_agent.empty())
    curl_easy_setopt(handle, CURLOPT_USERAGENT, request_.user_agent.c_str());
}

std::optional<FetchResult> FetchTransfer::start() {
  append_header(request_headers_, kAcceptHeader);
  if (!request_.etag.empty())
    append_header(request_headers_, ("If-None-Match: " + request_.etag).c_str());
  if (!request_.last_modified.empty()) {
    append_header(request_headers_, ("If-Modified-Since: " + request_.last_modified).c_str());
  }
  curl_easy_setopt(handle_.get(), CURLOPT_HTTPHEADER, request_headers_.get());
  return begin_hop(request_.url);
}

std::optional<FetchResult> FetchTransfer::begin_hop(const std::string& url) {
  auto remaining = request_.timeout - elapsed();
  if (remaining <= std::chrono::milliseconds(0)) {
    return error(FetchErrorKind::timeout, "timed out after " + format_duration(request_.timeout));
  }
  body_.clear();
  overflow_ = Overflow::none;
  error_buffer_[0] = '\0';
  curl_easy_setopt(handle_.get(), CURLOPT_URL, url.c_str());
  // Over https, parallel fetches for one host wait for the first handshake:
  // if ALPN picks HTTP/2 they share its connection instead of opening more.
  // Over http the answer would only come with a whole response, so no wait.
  curl_easy_setopt(handle_.get(), CURLOPT_PIPEWAIT, scheme_of(url) == "https" ? 1L : 0L);
  curl_easy_setopt(handle_.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(remaining.count()));
  return std::nullopt;
}

// Counts decompressed bytes: curl hands this callback decoded data, so the
// cap also stops a compression bomb.
std::size_t FetchTransfer::on_body(char* data, std::size_t size, std::size_t count, void* self) {
  auto* transfer = static_cast<FetchTransfer*>(self);
  std::size_t bytes = size * count;
  if (transfer->body_.size() + bytes > transfer->request_.max_body_bytes) {
    transfer->overflow_ = Overflow::decompressed;
    return 0;  // anything but `bytes` aborts with CURLE_WRITE_ERROR
  }
  transfer->body_.append(data, bytes);
  return bytes;
}

// Counts bytes as they arrive, before decoding: CURLOPT_MAXFILESIZE only
// checks a declared length, and a chunked body declares none.
int FetchTransfer::on_progress(void* self, curl_off_t, curl_off_t downloaded, curl_off_t,
                               curl_off_t) {
  auto* transfer = static_cast<FetchTransfer*>(self);
  if (downloaded <= static_cast<curl_off_t>(transfer->request_.max_body_bytes)) return 0;
  transfer->overflow_ = Overflow::on_the_wire;
  return 1;  // aborts with CURLE_ABORTED_BY_CALLBACK
}

std::optional<FetchResult> FetchTransfer::finish_hop(CURLcode code) {
  if (code != CURLE_OK) return failure(code);
  long status = 0;
  curl_easy_getinfo(handle_.get(), CURLINFO_RESPONSE_CODE, &status);
  char* location = nullptr;
  curl_easy_getinfo(handle_.get(), CURLINFO_REDIRECT_URL, &location);
  if (is_redirect(status) && location) return follow(status, location);
  return response(status);
}

std::optional<FetchResult> FetchTransfer::follow(long status, const std::string& location) {
  if (redirect_count_ == kMaxRedirects) {
    return error(FetchErrorKind::too_many_redirects, "stopped after " +
                                                         std::to_string(kMaxRedirects) +
                                                         " redirects (next was " + location + ")");
  }
  if (!is_http_url(location)) {
    return error(FetchErrorKind::invalid_url, "redirect to a non-HTTP URL refused: " + location);
  }
  ++redirect_count_;
  only_permanent_redirects_ = only_permanent_redirects_ && is_permanent_redirect(status);
  if (only_permanent_redirects_) permanent_redirect_ = location;
  return begin_hop(location);
}

FetchResult FetchTransfer::response(long status) {
  FetchResult result = base_result();
  // file:// has no status line; a successful read is reported as HTTP would.
  result.status = status == 0 ? 200 : status;
  read_headers(result);
  if (result.status == 304) {
    if (result.etag.empty()) result.etag = request_.etag;
    if (result.last_modified.empty()) result.last_modified = request_.last_modified;
    return result;
  }
  if (result.status >= 200 && result.status < 300) {
    result.body = std::move(body_);
    return result;
  }
  result.error = FetchErrorKind::http_status;
  std::string_view phrase = reason_phrase(result.status);
  result.error_message = request_.url + ": HTTP " + std::to_string(result.status) +
                         (phrase.empty() ? "" : " ") + std::string(phrase);
  if (result.retry_after)
    result.error_message += " (retry after " + format_duration(*result.retry_after) + ")";
  return result;
}

void FetchTransfer::read_headers(FetchResult& result) const {
  char* content_type = nullptr;
  curl_easy_getinfo(handle_.get(), CURLINFO_CONTENT_TYPE, &content_type);
  if (content_type) result.content_type = content_type;
  result.content_location = header("Content-Location");
  result.etag = header("ETag");
  result.last_modified = header("Last-Modified");
  std::string retry_after = header("Retry-After");
  if (!retry_after.empty())
    result.retry_after = parse_retry_after(retry_after, std::chrono::system_clock::now());
}

FetchResult FetchTransfer::failure(CURLcode code) {
  if (code == CURLE_OPERATION_TIMEDOUT) {
    return error(FetchErrorKind::timeout, "timed out after " + format_duration(request_.timeout));
  }
  std::string limit = "body exceeds max_body " + format_size(request_.max_body_bytes);
  if (code == CURLE_FILESIZE_EXCEEDED)
    return error(FetchErrorKind::too_large, limit + " (declared length)");
  if (overflow_ == Overflow::decompressed)
    return error(FetchErrorKind::too_large, limit + " (decompressed)");
  if (overflow_ == Overflow::on_the_wire)
    return error(FetchErrorKind::too_large, limit + " (on the wire)");
  std::string detail = error_buffer_[0] != '\0' ? error_buffer_.data() : curl_easy_strerror(code);
  for (const CurlFailure& known : kCurlFailures) {
    if (known.code == code) return error(known.kind, std::string(known.what) + ": " + detail);
  }
  return error(FetchErrorKind::other, "fetch failed: " + detail);
}

FetchResult FetchTransfer::cancelled() const {
  return error(FetchErrorKind::cancelled, "fetch cancelled");
}

FetchResult FetchTransfer::refused() const {
  return error(FetchErrorKind::other, "libcurl could not start the transfer");
}

FetchResult FetchTransfer::base_result() const {
  FetchResult result;
  result.requested_url = request_.url;
  char* effective_url = nullptr;
  curl_easy_getinfo(handle_.get(), CURLINFO_EFFECTIVE_URL, &effective_url);
  result.final_url = effective_url ? effective_url : request_.url;
  curl_easy_getinfo(handle_.get(), CURLINFO_RESPONSE_CODE, &result.status);
  result.permanent_redirect = permanent_redirect_;
  result.redirect_count = redirect_count_;
  result.elapsed = elapsed();
  result.queue_wait = queue_wait_;
  return result;
}

FetchResult FetchTransfer::error(FetchErrorKind kind, const std::string& what) const {
  FetchResult result = base_result();
  result.error = kind;
  result.error_message = request_.url + ": " + what;
  return result;
}

std::string FetchTransfer::header(const char* name) const {
  curl_header* found = nullptr;
  // Request -1: the last request of this transfer, i.e. the current hop.
  if (curl_easy_header(handle_.get(), name, 0, CURLH_HEADER, -1, &found) != CURLHE_OK) return {};
  return found->value;
}

std::chrono::milliseconds FetchTransfer::elapsed() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               started_at_);
}

}  // namespace feedwatch::fetch
