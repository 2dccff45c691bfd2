#include "daemon/fetch/curl_handles.h"

#include <mutex>

namespace feedwatch::fetch {

void ensure_curl_initialised() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool append_header(CurlStringList& list, const char* line) {
  // curl_slist_append returns the head, or null (leaving `list` intact) on failure.
  curl_slist* head = curl_slist_append(list.get(), line);
  if (!head) return false;
  list.release();
  list.reset(head);
  return true;
}

}  // namespace feedwatch::fetch
