// A small libcurl "browser" for the SSO tests: one cookie jar across
// requests, redirects followed (or not) across the stack and the test
// identity providers, the stack's certificate as the only trusted CA.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <curl/curl.h>

namespace cc::testing {

struct Page {
    long status = 0;
    std::string url;       // where the last redirect led
    std::string location;  // Location of an unfollowed redirect
    std::string body;
};

class Browser {
  public:
    explicit Browser(const std::string& ca_file);

    Page get(const std::string& url, bool follow = true,
             const std::vector<std::string>& headers = {});
    Page post_form(const std::string& url, const std::string& body,
                   bool follow = false);

    // True when the jar holds a cookie of this name.
    bool has_cookie(const std::string& name) { return !cookie(name).empty(); }

    // The value of the jar's cookie of this name, "" when absent.
    std::string cookie(const std::string& name);

    // Percent-encodes a form value.
    std::string escape(const std::string& text);

  private:
    Page perform(const std::string& url, bool follow,
                 const std::vector<std::string>& headers);

    struct Cleanup {
        void operator()(CURL* h) const { curl_easy_cleanup(h); }
    };
    std::unique_ptr<CURL, Cleanup> curl_;
    std::string ca_file_;
};

}  // namespace cc::testing
