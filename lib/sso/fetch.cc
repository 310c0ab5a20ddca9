// libcurl calls with RAII owners for the handle and the header list.
#include "sso/fetch.h"

#include <memory>
#include <mutex>

#include <curl/curl.h>

namespace cc::sso {
namespace {

constexpr size_t kMaxAnswer = 1 << 20;

struct CurlDeleter {
    void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

size_t collect(char* data, size_t size, size_t count, void* user) {
    auto* body = static_cast<std::string*>(user);
    size_t n = size * count;
    if (body->size() + n > kMaxAnswer) return 0;

    body->append(data, n);
    return n;
}

// Plain http is only for identity providers on this machine (tests).
bool allowed_url(const std::string& url) {
    if (url.starts_with("https://")) return true;

    return url.starts_with("http://127.0.0.1:") ||
           url.starts_with("http://localhost:") ||
           url.starts_with("http://[::1]:");
}

}  // namespace

Result<FetchAnswer> fetch(const FetchCall& call) {
    if (!allowed_url(call.url)) {
        return unexpected(ErrorCode::upstream_failed,
                          "the identity provider's address is not https",
                          "refused url scheme");
    }

    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });

    CurlHandle curl(curl_easy_init());
    if (!curl) return unexpected(ErrorCode::internal, "", "curl_easy_init");

    HeaderList headers;
    for (const std::string& h : call.headers) {
        curl_slist* grown = curl_slist_append(headers.get(), h.c_str());
        if (!grown) return unexpected(ErrorCode::internal, "", "slist");
        (void)headers.release();
        headers.reset(grown);
    }

    FetchAnswer answer;
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, call.url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https,http");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, call.timeout_ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer.body);
    if (!call.ca_file.empty()) {
        curl_easy_setopt(h, CURLOPT_CAINFO, call.ca_file.c_str());
    }
    if (headers) curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    if (!call.form_body.empty()) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, call.form_body.c_str());
    }

    CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
        return unexpected(ErrorCode::upstream_failed,
                          "the identity provider is not answering",
                          std::string("curl: ") + curl_easy_strerror(rc));
    }

    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &answer.status);
    char* type = nullptr;
    curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type);
    if (type) answer.content_type = type;
    return answer;
}

}  // namespace cc::sso
