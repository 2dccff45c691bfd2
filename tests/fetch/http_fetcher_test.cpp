// HttpFetcher against a real Beast server on loopback.
//
// Measured (not asserted; run `fetch_tests "[perf]"`): 2,000 small feeds
// (~1 KiB each) from the loopback server, concurrency 32, per_host 32, on
// the 2-core build box, RelWithDebInfo:
//   wall 0.21-0.57 s = 3,500-9,700 fetches/s (the spread is the shared box:
//   load average ~8 from parallel builds); CPU of the fetcher's loop thread
//   0.12-0.14 s = 60-70 us per fetch; whole process, server included,
//   0.18-0.21 s. Plain HTTP with keep-alive: TLS handshakes would dominate.
#include "daemon/fetch/http_fetcher.h"

#include <sys/resource.h>
#include <zlib.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <catch2/catch.hpp>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <thread>

#include "tests/support/http_test_server.h"

namespace {

using namespace std::chrono_literals;
using feedwatch::fetch::FetchErrorKind;
using feedwatch::fetch::FetchRequest;
using feedwatch::fetch::FetchResult;
using feedwatch::fetch::HttpFetcher;
using feedwatch::fetch::HttpFetcherLimits;
using feedwatch::test::HttpTestRequest;
using feedwatch::test::HttpTestResponse;
using feedwatch::test::HttpTestServer;

constexpr const char* kFeedBody =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title></channel></rss>";

// One loop and one fetcher, run by the test thread until the fetches it
// waits for are done (or a generous deadline passes, so a bug fails fast).
struct FetchHarness {
  explicit FetchHarness(HttpFetcherLimits limits = {}) : fetcher(loop, limits) {}

  bool run_until(const std::function<bool()>& done, std::chrono::seconds limit = 10s) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      loop.run_one_for(50ms);
      if (loop.stopped()) loop.restart();
    }
    return done();
  }

  std::vector<FetchResult> fetch_all(const std::vector<FetchRequest>& requests) {
    std::vector<FetchResult> results(requests.size());
    std::size_t done = 0;
    for (std::size_t index = 0; index < requests.size(); ++index) {
      fetcher.fetch(requests[index], [&results, &done, index](FetchResult result) {
        results[index] = std::move(result);
        ++done;
      });
    }
    REQUIRE(run_until([&] { return done == requests.size(); }));
    return results;
  }

  FetchResult fetch(FetchRequest request) { return fetch_all({std::move(request)}).front(); }

  boost::asio::io_context loop;
  HttpFetcher fetcher;
};

FetchRequest request_for(std::string url) {
  FetchRequest request;
  request.url = std::move(url);
  request.timeout = 5s;
  request.user_agent = "feedwatch-test";
  return request;
}

HttpTestResponse feed_response(std::string body = kFeedBody) {
  return HttpTestResponse{200, {{"Content-Type", "application/rss+xml"}}, std::move(body)};
}

std::string gzip(const std::string& data) {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) ==
          Z_OK);
  std::string compressed(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(compressed.data());
  stream.avail_out = static_cast<uInt>(compressed.size());
  REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  compressed.resize(stream.total_out);
  deflateEnd(&stream);
  return compressed;
}

std::string http_date(std::chrono::system_clock::time_point when) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &parts);
  return text;
}

// A port nothing listens on: bound, read, and closed again.
unsigned short closed_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

double cpu_seconds(int who) {
  rusage usage{};
  getrusage(who, &usage);
  auto seconds = [](timeval time) { return double(time.tv_sec) + double(time.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

TEST_CASE("A 200 response delivers the body, content type and validators", "[fetch]") {
  HttpTestServer server;
  server.route("/feed", [](const HttpTestRequest&) {
    HttpTestResponse response = feed_response();
    response.headers.push_back({"ETag", "\"v1\""});
    response.headers.push_back({"Last-Modified", "Sat, 22 Feb 2025 09:30:00 GMT"});
    response.headers.push_back({"Content-Location", "/feed.xml"});
    return response;
  });
  FetchHarness harness;
  FetchResult result = harness.fetch(request_for(server.url("/feed")));
  CHECK(result.ok());
  CHECK(result.status == 200);
  CHECK(result.body == kFeedBody);
  CHECK(result.content_type == "application/rss+xml");
  CHECK(result.etag == "\"v1\"");
  CHECK(result.last_modified == "Sat, 22 Feb 2025 09:30:00 GMT");
  CHECK(result.content_location == "/feed.xml");
  CHECK(result.final_url == server.url("/feed"));
  CHECK_FALSE(result.permanent_redirect);
  auto received = server.requests().at(0);
  CHECK(received.header("User-Agent") == "feedwatch-test");
  CHECK(received.header("Accept-Encoding").find("gzip") != std::string::npos);
  CHECK(received.header("If-None-Match").empty());
}

TEST_CASE("A second fetch sends the validators and a 304 comes back without a body", "[fetch]") {
  HttpTestServer server;
  server.route("/feed", [](const HttpTestRequest& request) {
    if (request.header("If-None-Match") == "\"v1\"") return HttpTestResponse{304, {}, ""};
    HttpTestResponse response = feed_response();
    response.headers.push_back({"ETag", "\"v1\""});
    response.headers.push_back({"Last-Modified", "Sat, 22 Feb 2025 09:30:00 GMT"});
    return response;
  });
  FetchHarness harness;
  FetchResult first = harness.fetch(request_for(server.url("/feed")));
  FetchRequest again = request_for(server.url("/feed"));
  again.etag = first.etag;
  again.last_modified = first.last_modified;
  FetchResult second = harness.fetch(again);

  CHECK(second.not_modified());
  CHECK(second.body.empty());
  CHECK(second.etag == "\"v1\"");  // kept from the request, as the 304 omitted it
  CHECK(second.last_modified == "Sat, 22 Feb 2025 09:30:00 GMT");
  auto received = server.requests().at(1);
  CHECK(received.header("If-None-Match") == "\"v1\"");
  CHECK(received.header("If-Modified-Since") == "Sat, 22 Feb 2025 09:30:00 GMT");
}

TEST_CASE("A 301 redirect is followed and reported as permanent", "[fetch]") {
  HttpTestServer server;
  server.serve("/old", HttpTestResponse{301, {{"Location", "/new"}}, ""});
  server.serve("/new", feed_response());
  FetchHarness harness;
  FetchResult result = harness.fetch(request_for(server.url("/old")));
  CHECK(result.ok());
  CHECK(result.body == kFeedBody);
  CHECK(result.final_url == server.url("/new"));
  CHECK(result.permanent_redirect == server.url("/new"));
  CHECK(result.redirect_count == 1);
}

TEST_CASE("A 308 redirect is reported as permanent too", "[fetch]") {
  HttpTestServer server;
  server.serve("/old", HttpTestResponse{308, {{"Location", server.url("/new")}}, ""});
  server.serve("/new", feed_response());
  FetchHarness harness;
  CHECK(harness.fetch(request_for(server.url("/old"))).permanent_redirect == server.url("/new"));
}

TEST_CASE("A 302 redirect is followed but not reported as permanent", "[fetch]") {
  HttpTestServer server;
  server.serve("/moving", HttpTestResponse{302, {{"Location", "/today"}}, ""});
  server.serve("/today", feed_response());
  FetchHarness harness;
  FetchResult result = harness.fetch(request_for(server.url("/moving")));
  CHECK(result.ok());
  CHECK(result.final_url == server.url("/today"));
  CHECK_FALSE(result.permanent_redirect);
}

TEST_CASE("A permanent redirect reached through a temporary one is not reported", "[fetch]") {
  HttpTestServer server;
  server.serve("/a", HttpTestResponse{301, {{"Location", "/b"}}, ""});
  server.serve("/b", HttpTestResponse{302, {{"Location", "/c"}}, ""});
  server.serve("/c", HttpTestResponse{301, {{"Location", "/d"}}, ""});
  server.serve("/d", feed_response());
  FetchHarness harness;
  FetchResult result = harness.fetch(request_for(server.url("/a")));
  CHECK(result.ok());
  CHECK(result.redirect_count == 3);
  CHECK(result.permanent_redirect == server.url("/b"));  // /b is the address to keep polling
}

TEST_CASE("A redirect loop stops after five redirects", "[fetch]") {
  HttpTestServer server;
  server.serve("/loop", HttpTestResponse{302, {{"Location", "/loop"}}, ""});
  FetchHarness harness;
  FetchResult result = harness.fetch(request_for(server.url("/loop")));
  CHECK(result.error == FetchErrorKind::too_many_redirects);
  CHECK(result.error_message.starts_with(server.url("/loop") + ": stopped after 5 redirects"));
  CHECK(server.request_count("/loop") == 6);
}

TEST_CASE("A redirect to a file URL is refused", "[fetch]") {
  HttpTestServer server;
  server.serve("/sneaky", HttpTestResponse{302, {{"Location", "file:///etc/passwd"}}, ""});
  FetchHarness harness;
  FetchResult result = harness.fetch(request_for(server.url("/sneaky")));
  CHECK(result.error == FetchErrorKind::invalid_url);
  CHECK(result.body.empty());
}

TEST_CASE("A body over max_body with a Content-Length is refused", "[fetch]") {
  HttpTestServer server;
  server.serve("/big", feed_response(std::string(2 * 1024 * 1024, 'x')));
  FetchHarness harness;
  FetchRequest request = request_for(server.url("/big"));
  request.max_body_bytes = 1024 * 1024;
  FetchResult result = harness.fetch(request);
  CHECK(result.error == FetchErrorKind::too_large);
  CHECK(result.error_message ==
        server.url("/big") + ": body exceeds max_body 1MiB (declared length)");
  CHECK(result.body.empty());
}

TEST_CASE("A chunked body over max_body is stopped while downloading", "[fetch]") {
  HttpTestServer server;
  HttpTestResponse response = feed_response(std::string(2 * 1024 * 1024, 'x'));
  response.chunked = true;
  server.serve("/big", response);
  FetchHarness harness;
  FetchRequest request = request_for(server.url("/big"));
  request.max_body_bytes = 1024 * 1024;
  FetchResult result = harness.fetch(request);
  CHECK(result.error == FetchErrorKind::too_large);
  CHECK(result.error_message.starts_with(server.url("/big") + ": body exceeds max_body 1MiB"));
}

TEST_CASE("A gzip body within max_body is decompressed", "[fetch]") {
  HttpTestServer server;
  std::string feed = std::string(kFeedBody) + std::string(10'000, ' ');
  server.serve("/gz", HttpTestResponse{200, {{"Content-Encoding", "gzip"}}, gzip(feed)});
  FetchHarness harness;
  FetchResult result = harness.fetch(request_for(server.url("/gz")));
  CHECK(result.ok());
  CHECK(result.body == feed);
}

TEST_CASE("A gzip bomb is stopped at max_body after decompression", "[fetch]") {
  HttpTestServer server;
  std::string bomb = gzip(std::string(16 * 1024 * 1024, '\0'));
  REQUIRE(bomb.size() < 64 * 1024);
  server.serve("/bomb", HttpTestResponse{200, {{"Content-Encoding", "gzip"}}, bomb});
  FetchHarness harness;
  FetchRequest request = request_for(server.url("/bomb"));
  request.max_body_bytes = 1024 * 1024;
  FetchResult result = harness.fetch(request);
  CHECK(result.error == FetchErrorKind::too_large);
  CHECK(result.error_message ==
        server.url("/bomb") + ": body exceeds max_body 1MiB (decompressed)");
}

TEST_CASE("A slow server times out with a message naming the URL and the timeout", "[fetch]") {
  HttpTestServer server;
  HttpTestResponse slow = feed_response();
  slow.delay = 3s;
  server.serve("/slow", slow);
  FetchHarness harness;
  FetchRequest request = request_for(server.url("/slow"));
  request.timeout = 300ms;
  auto started = std::chrono::steady_clock::now();
  FetchResult result = harness.fetch(request);
  CHECK(result.error == FetchErrorKind::timeout);
  CHECK(result.error_message == server.url("/slow") + ": timed out after 300ms");
  CHECK(std::chrono::steady_clock::now() - started < 2s);
}

TEST_CASE("A refused connection is a connection error naming the URL", "[fetch]") {
  std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/feed";
  FetchHarness harness;
  FetchResult result = harness.fetch(request_for(url));
  CHECK(result.error == FetchErrorKind::connection);
  CHECK(result.error_message.starts_with(url + ": cannot connect"));
}

TEST_CASE("An https URL whose server does not speak TLS is a TLS error", "[fetch]") {
  HttpTestServer server;
  server.serve("/feed", feed_response());
  std::string url = "https://127.0.0.1:" + std::to_string(server.port()) + "/feed";
  FetchHarness harness;
  FetchResult result = harness.fetch(request_for(url));
  CHECK(result.error == FetchErrorKind::tls);
  CHECK(result.error_message.starts_with(url + ": TLS handshake failed"));
}

TEST_CASE("429 and 503 carry Retry-After in seconds or as an HTTP date", "[fetch]") {
  HttpTestServer server;
  server.serve("/busy", HttpTestResponse{429, {{"Retry-After", "120"}}, "slow down"});
  auto later = std::chrono::system_clock::now() + 90s;
  server.serve("/down", HttpTestResponse{503, {{"Retry-After", http_date(later)}}, ""});
  FetchHarness harness;
  auto results =
      harness.fetch_all({request_for(server.url("/busy")), request_for(server.url("/down"))});

  CHECK(results[0].error == FetchErrorKind::http_status);
  CHECK(results[0].status == 429);
  CHECK(results[0].retry_after == 120s);
  CHECK(results[0].error_message ==
        server.url("/busy") + ": HTTP 429 Too Many Requests (retry after 120s)");
  CHECK(results[1].status == 503);
  REQUIRE(results[1].retry_after);
  CHECK(*results[1].retry_after >= 85s);
  CHECK(*results[1].retry_after <= 90s);
}

TEST_CASE("410 Gone is reported as an HTTP status error", "[fetch]") {
  HttpTestServer server;
  server.serve("/gone", HttpTestResponse{410, {}, "gone"});
  FetchHarness harness;
  FetchResult result = harness.fetch(request_for(server.url("/gone")));
  CHECK(result.error == FetchErrorKind::http_status);
  CHECK(result.status == 410);
  CHECK(result.body.empty());
  CHECK(result.error_message == server.url("/gone") + ": HTTP 410 Gone");
}

TEST_CASE("No more than per_host fetches reach one host at once", "[fetch]") {
  HttpTestServer server;
  HttpTestResponse slow = feed_response();
  slow.delay = 150ms;
  server.serve("/feed", slow);
  FetchHarness harness({.concurrency = 32, .per_host = 2});
  std::vector<FetchRequest> requests;
  for (int index = 0; index < 6; ++index)
    requests.push_back(request_for(server.url("/feed?n=" + std::to_string(index))));
  auto results = harness.fetch_all(requests);
  for (const auto& result : results) CHECK(result.ok());
  CHECK(server.peak_concurrency("127.0.0.1") == 2);
}

TEST_CASE("The concurrency limit holds across hosts", "[fetch]") {
  HttpTestServer server({.addresses = {"127.0.0.1", "127.0.0.2", "127.0.0.3"}});
  HttpTestResponse slow = feed_response();
  slow.delay = 150ms;
  server.serve("/feed", slow);
  FetchHarness harness({.concurrency = 3, .per_host = 2});
  std::vector<FetchRequest> requests;
  for (const char* host : {"127.0.0.1", "127.0.0.2", "127.0.0.3"}) {
    for (int index = 0; index < 3; ++index)
      requests.push_back(request_for(server.url("/feed", host)));
  }
  auto results = harness.fetch_all(requests);
  for (const auto& result : results) CHECK(result.ok());
  CHECK(server.peak_concurrency() == 3);
  CHECK(server.peak_concurrency("127.0.0.1") <= 2);
  CHECK(server.peak_concurrency("127.0.0.2") >= 1);
  CHECK(server.peak_concurrency("127.0.0.3") >= 1);
}

TEST_CASE("Two hundred concurrent fetches all complete", "[fetch]") {
  HttpTestServer server;
  server.route("/feed",
               [](const HttpTestRequest& request) { return feed_response(request.target); });
  FetchHarness harness({.concurrency = 64, .per_host = 64});
  std::vector<FetchRequest> requests;
  for (int index = 0; index < 200; ++index)
    requests.push_back(request_for(server.url("/feed?n=" + std::to_string(index))));
  auto results = harness.fetch_all(requests);
  for (int index = 0; index < 200; ++index) {
    CHECK(results[index].ok());
    CHECK(results[index].body == "/feed?n=" + std::to_string(index));
  }
  CHECK(harness.fetcher.running_count() == 0);
  CHECK(harness.fetcher.queued_count() == 0);
}

TEST_CASE("Fetches complete when the server closes every connection", "[fetch]") {
  // Each closed connection makes curl drop a socket whose number the next
  // connection reuses: the fetcher must re-register it, not wait on the old one.
  HttpTestServer server;
  HttpTestResponse response = feed_response();
  response.headers.push_back({"Connection", "close"});
  server.serve("/feed", response);
  FetchHarness harness({.concurrency = 8, .per_host = 8});
  std::vector<FetchRequest> requests(100, request_for(server.url("/feed")));
  for (const auto& result : harness.fetch_all(requests)) CHECK(result.ok());
  CHECK(server.request_count("/feed") == 100);
}

TEST_CASE("A file URL is read through the same fetcher", "[fetch]") {
  auto path = std::filesystem::temp_directory_path() /
              ("feedwatch-fetch-" + std::to_string(::getpid()) + ".xml");
  std::ofstream(path) << kFeedBody;
  FetchHarness harness;
  auto results = harness.fetch_all({request_for("file://" + path.string()),
                                    request_for("file://" + path.string() + ".missing")});
  std::filesystem::remove(path);

  CHECK(results[0].ok());
  CHECK(results[0].status == 200);
  CHECK(results[0].body == kFeedBody);
  CHECK(results[1].error == FetchErrorKind::file);
  CHECK(results[1].error_message.starts_with("file://" + path.string() +
                                             ".missing: cannot read file"));
}

TEST_CASE("An unsupported scheme is an invalid URL", "[fetch]") {
  FetchHarness harness;
  FetchResult result = harness.fetch(request_for("gopher://example.org/feed"));
  CHECK(result.error == FetchErrorKind::invalid_url);
  CHECK(result.error_message.starts_with("gopher://example.org/feed: "));
}

TEST_CASE("cancel_all ends running and queued fetches as cancelled", "[fetch]") {
  HttpTestServer server;
  HttpTestResponse slow = feed_response();
  slow.delay = 2s;
  server.serve("/slow", slow);
  FetchHarness harness({.concurrency = 2, .per_host = 2});
  std::vector<FetchResult> results;
  for (int index = 0; index < 4; ++index) {
    harness.fetcher.fetch(request_for(server.url("/slow")),
                          [&](FetchResult result) { results.push_back(std::move(result)); });
  }
  harness.run_until([&] { return server.request_count("/slow") == 2; }, 2s);
  harness.fetcher.cancel_all();
  REQUIRE(harness.run_until([&] { return results.size() == 4; }, 2s));
  for (const auto& result : results) CHECK(result.error == FetchErrorKind::cancelled);
  CHECK(harness.fetcher.running_count() == 0);

  server.serve("/fast", feed_response());
  CHECK(harness.fetch(request_for(server.url("/fast"))).ok());  // still usable afterwards
}

TEST_CASE("Destroying the fetcher mid-fetch calls no callback", "[fetch]") {
  HttpTestServer server;
  HttpTestResponse slow = feed_response();
  slow.delay = 2s;
  server.serve("/slow", slow);
  int called = 0;
  boost::asio::io_context loop;
  {
    HttpFetcher fetcher(loop, {.concurrency = 1, .per_host = 1});
    for (int index = 0; index < 3; ++index)
      fetcher.fetch(request_for(server.url("/slow")), [&](FetchResult) { ++called; });
    auto deadline = std::chrono::steady_clock::now() + 2s;
    while (server.request_count("/slow") == 0 && std::chrono::steady_clock::now() < deadline)
      loop.run_one_for(20ms);
  }
  loop.restart();
  loop.run_for(100ms);  // whatever the fetcher left in the loop runs harmlessly
  CHECK(called == 0);
}

TEST_CASE("A completion callback may start the next fetch", "[fetch]") {
  HttpTestServer server;
  server.serve("/feed", feed_response());
  FetchHarness harness;
  int completed = 0;
  std::function<void(FetchResult)> chain = [&](FetchResult result) {
    CHECK(result.ok());
    if (++completed < 5) harness.fetcher.fetch(request_for(server.url("/feed")), chain);
  };
  harness.fetcher.fetch(request_for(server.url("/feed")), chain);
  CHECK(harness.run_until([&] { return completed == 5; }));
}

TEST_CASE("Fetching 2000 small feeds: throughput and CPU", "[.][perf]") {
  HttpTestServer server;
  std::string body = std::string(kFeedBody) + std::string(1000, ' ');
  server.serve("/feed", feed_response(body));
  FetchHarness harness({.concurrency = 32, .per_host = 32});
  std::vector<FetchRequest> requests;
  for (int index = 0; index < 2000; ++index)
    requests.push_back(request_for(server.url("/feed?n=" + std::to_string(index))));
  double thread_cpu_before = cpu_seconds(RUSAGE_THREAD);
  double process_cpu_before = cpu_seconds(RUSAGE_SELF);
  auto started = std::chrono::steady_clock::now();
  auto results = harness.fetch_all(requests);
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  double fetcher_cpu = cpu_seconds(RUSAGE_THREAD) - thread_cpu_before;
  double process_cpu = cpu_seconds(RUSAGE_SELF) - process_cpu_before;
  for (const auto& result : results) REQUIRE(result.ok());
  std::cout << "2000 fetches in " << wall << " s = " << 2000 / wall
            << " fetches/s; CPU: fetcher thread " << fetcher_cpu << " s ("
            << fetcher_cpu / 2000 * 1e6 << " us/fetch), whole process (with server) " << process_cpu
            << " s\n";
}
