#include "daemon/fetch/fetch_result.h"

namespace feedwatch::fetch {

std::string_view error_kind_name(FetchErrorKind kind) {
  switch (kind) {
    case FetchErrorKind::none:
      return "none";
    case FetchErrorKind::timeout:
      return "timeout";
    case FetchErrorKind::too_large:
      return "too_large";
    case FetchErrorKind::connection:
      return "connection";
    case FetchErrorKind::tls:
      return "tls";
    case FetchErrorKind::http_status:
      return "http_status";
    case FetchErrorKind::too_many_redirects:
      return "too_many_redirects";
    case FetchErrorKind::invalid_url:
      return "invalid_url";
    case FetchErrorKind::file:
      return "file";
    case FetchErrorKind::cancelled:
      return "cancelled";
    case FetchErrorKind::other:
      return "other";
  }
  return "other";
}

}  // namespace feedwatch::fetch
