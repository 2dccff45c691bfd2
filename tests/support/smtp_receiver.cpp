#include "tests/support/smtp_receiver.h"

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/process.h"

namespace feedwatch::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string read_file(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::vector<std::string> arguments_for(const fs::path& folder, const SmtpReceiverOptions& options) {
  std::vector<std::string> arguments = {"/usr/bin/python3", FEEDWATCH_SMTP_RECEIVER_SCRIPT,
                                        "--port-file", (folder / "port").string(),
                                        "--out", (folder / "messages").string()};
  if (options.user) {
    arguments.insert(arguments.end(), {"--user", *options.user, "--password", options.password});
  }
  if (options.certificate && options.key) {
    arguments.insert(arguments.end(),
                     {"--cert", options.certificate->string(), "--key", options.key->string()});
  }
  if (options.starttls) arguments.push_back("--starttls");
  if (options.implicit_tls) arguments.push_back("--implicit-tls");
  if (options.fail_first > 0) {
    arguments.insert(arguments.end(), {"--fail-first", std::to_string(options.fail_first)});
  }
  if (options.reject) arguments.push_back("--reject");
  return arguments;
}

}  // namespace

TestCertificate make_self_signed_certificate(const fs::path& folder) {
  TestCertificate made{folder / "cert.pem", folder / "key.pem"};
  ProcessResult result = run_process(
      {"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
       "-nodes", "-keyout", made.key.string(), "-out", made.certificate.string(), "-days", "2",
       "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"});
  if (result.exit_code != 0) {
    throw std::runtime_error("openssl could not make a test certificate: " +
                             result.standard_error);
  }
  return made;
}

SmtpReceiver::SmtpReceiver(const fs::path& folder, const SmtpReceiverOptions& options)
    : messages_folder_(folder / "messages"), implicit_tls_(options.implicit_tls) {
  fs::create_directories(messages_folder_);
  process_ = std::make_unique<BackgroundProcess>(arguments_for(folder, options),
                                                 folder / "smtp.out", folder / "smtp.err");
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline && process_->running()) {
    if (fs::exists(folder / "port")) {
      port_ = static_cast<unsigned short>(std::stoi(read_file(folder / "port")));
      return;
    }
    std::this_thread::sleep_for(20ms);
  }
  throw std::runtime_error("the SMTP test server did not start: " + process_->standard_error());
}

SmtpReceiver::~SmtpReceiver() {
  process_->send_signal(SIGTERM);
  if (!process_->wait_for_exit(3s)) process_->kill_now();
}

std::string SmtpReceiver::url() const {
  return std::string(implicit_tls_ ? "smtps" : "smtp") + "://127.0.0.1:" + std::to_string(port_);
}

std::vector<nlohmann::json> SmtpReceiver::messages() const {
  std::vector<fs::path> summaries;
  for (const auto& item : fs::directory_iterator(messages_folder_)) {
    if (item.path().extension() == ".json") summaries.push_back(item.path());
  }
  std::sort(summaries.begin(), summaries.end());
  std::vector<nlohmann::json> parsed;
  for (const fs::path& path : summaries) parsed.push_back(nlohmann::json::parse(read_file(path)));
  return parsed;
}

std::vector<nlohmann::json> SmtpReceiver::wait_for_messages(
    std::size_t count, std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<nlohmann::json> received = messages();
  while (received.size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
    received = messages();
  }
  return received;
}

std::string SmtpReceiver::raw_message(std::size_t index) const {
  char name[16];
  std::snprintf(name, sizeof name, "%03zu.eml", index + 1);
  return read_file(messages_folder_ / name);
}

std::string SmtpReceiver::log() const { return process_->standard_error(); }

}  // namespace feedwatch::testing
