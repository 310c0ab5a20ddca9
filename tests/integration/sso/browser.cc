// The SSO tests' libcurl browser.
#include "browser.h"

namespace cc::testing {
namespace {

size_t collect(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

struct HeaderList {
    curl_slist* raw = nullptr;
    ~HeaderList() { curl_slist_free_all(raw); }
};

}  // namespace

Browser::Browser(const std::string& ca_file)
    : curl_(curl_easy_init()), ca_file_(ca_file) {
    curl_easy_setopt(curl_.get(), CURLOPT_COOKIEFILE, "");
}

Page Browser::perform(const std::string& url, bool follow,
                      const std::vector<std::string>& headers) {
    CURL* h = curl_.get();
    HeaderList list;
    for (const auto& line : headers) {
        list.raw = curl_slist_append(list.raw, line.c_str());
    }

    Page page;
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_CAINFO, ca_file_.c_str());
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, follow ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list.raw);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &page.body);

    if (curl_easy_perform(h) != CURLE_OK) return page;

    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &page.status);
    char* effective = nullptr;
    curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &effective);
    if (effective) page.url = effective;
    char* location = nullptr;
    curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &location);
    if (location) page.location = location;
    return page;
}

Page Browser::get(const std::string& url, bool follow,
                  const std::vector<std::string>& headers) {
    curl_easy_setopt(curl_.get(), CURLOPT_HTTPGET, 1L);
    return perform(url, follow, headers);
}

Page Browser::post_form(const std::string& url, const std::string& body,
                        bool follow) {
    curl_easy_setopt(curl_.get(), CURLOPT_COPYPOSTFIELDS, body.c_str());
    return perform(url, follow, {});
}

std::string Browser::cookie(const std::string& name) {
    curl_slist* cookies = nullptr;
    curl_easy_getinfo(curl_.get(), CURLINFO_COOKIELIST, &cookies);

    // Netscape format: the name is the sixth field, the value the seventh.
    std::string value;
    for (curl_slist* c = cookies; c; c = c->next) {
        std::string line = c->data;
        size_t at = line.find("\t" + name + "\t");
        if (at != std::string::npos) value = line.substr(at + name.size() + 2);
    }
    curl_slist_free_all(cookies);
    return value;
}

std::string Browser::escape(const std::string& text) {
    char* raw = curl_easy_escape(curl_.get(), text.c_str(),
                                 static_cast<int>(text.size()));
    std::string out = raw ? raw : "";
    curl_free(raw);
    return out;
}

}  // namespace cc::testing
