// libcurl's SMTP: the message is streamed from memory by a read callback.
#include "mail/smtp.h"

#include <cstring>
#include <memory>

#include <curl/curl.h>

namespace cc::mail {
namespace {

struct CurlCloser {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};

struct SlistCloser {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct Source {
    const std::string* data;
    size_t offset = 0;
};

size_t read_chunk(char* buffer, size_t size, size_t count, void* user) {
    auto* source = static_cast<Source*>(user);
    size_t room = size * count;
    size_t left = source->data->size() - source->offset;
    size_t n = left < room ? left : room;

    std::memcpy(buffer, source->data->data() + source->offset, n);
    source->offset += n;
    return n;
}

// 4xx replies and failures without any reply are worth another try; a 5xx
// reply is the server's final word.
bool is_temporary(CURLcode rc, long code) {
    if (code >= 400 && code < 500) return true;
    if (code >= 500) return false;

    return rc != CURLE_LOGIN_DENIED && rc != CURLE_URL_MALFORMAT &&
           rc != CURLE_UNSUPPORTED_PROTOCOL;
}

}  // namespace

SendOutcome send_message(const SmtpConfig& config, const std::string& to,
                         const std::string& data) {
    std::unique_ptr<CURL, CurlCloser> curl(curl_easy_init());
    if (!curl) return {false, true, 0, "curl_easy_init failed"};

    std::unique_ptr<curl_slist, SlistCloser> rcpt(
        curl_slist_append(nullptr, ("<" + to + ">").c_str()));
    Source source{&data};
    std::string from = "<" + config.from + ">";
    char errors[CURL_ERROR_SIZE] = "";

    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, config.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_chunk);
    curl_easy_setopt(c, CURLOPT_READDATA, &source);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, config.timeout_seconds);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errors);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (config.require_starttls) {
        curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    }
    if (!config.ca_file.empty()) {
        curl_easy_setopt(c, CURLOPT_CAINFO, config.ca_file.c_str());
    }
    if (!config.username.empty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, config.username.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, config.password.c_str());
    }

    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (rc == CURLE_OK) return {true, false, code, ""};

    std::string detail = errors[0] ? errors : curl_easy_strerror(rc);
    return {false, is_temporary(rc, code), code, detail};
}

}  // namespace cc::mail
