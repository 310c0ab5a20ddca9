// RAII owners for libcurl's easy handles and header lists.
#pragma once

#include <memory>

#include <curl/curl.h>

namespace cc::proxmox {

struct CurlEasyCloser {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyCloser>;

struct CurlListCloser {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// A header list that appends in place and frees itself.
class CurlList {
  public:
    void append(const char* line) {
        curl_slist* grown = curl_slist_append(list_.get(), line);
        if (grown) {
            (void)list_.release();
            list_.reset(grown);
        }
    }

    curl_slist* get() const { return list_.get(); }

  private:
    std::unique_ptr<curl_slist, CurlListCloser> list_;
};

}  // namespace cc::proxmox
