// Single sign-on through nginx against real peers: a pysaml2 SAML IdP, a
// CAS 3.0 test server and oidc-provider as a Microsoft-like issuer, all
// started by the sso_stack fixture with a stack pointed at them.
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "browser.h"

namespace cc::testing {
namespace {

std::map<std::string, std::string> read_env_file(const std::string& path) {
    std::map<std::string, std::string> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        size_t eq = line.find('=');
        if (eq != std::string::npos)
            out[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return out;
}

std::string base64_decode(const std::string& text) {
    std::string out(text.size(), '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(text.data()),
                            static_cast<int>(text.size()));
    if (n < 0) return "";
    while (!text.empty() && text.back() == '=' && n > 0 && out[n - 1] == '\0') {
        n--;
        break;
    }
    out.resize(static_cast<size_t>(n));
    while (!out.empty() && out.back() == '\0') out.pop_back();
    return out;
}

std::string base64_encode(const std::string& bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    int n =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(bytes.data()),
                        static_cast<int>(bytes.size()));
    out.resize(static_cast<size_t>(n));
    return out;
}

std::string html_unescape(std::string s) {
    const std::pair<const char*, const char*> entities[] = {{"&quot;", "\""},
                                                            {"&#x27;", "'"},
                                                            {"&lt;", "<"},
                                                            {"&gt;", ">"},
                                                            {"&amp;", "&"}};
    for (const auto& [from, to] : entities) {
        size_t at = 0;
        while ((at = s.find(from, at)) != std::string::npos) {
            s.replace(at, std::string(from).size(), to);
            at += std::string(to).size();
        }
    }
    return s;
}

// The SAMLResponse field of the IdP's auto-post form.
std::string saml_response_in(const std::string& page) {
    const std::string marker = "name=\"SAMLResponse\" value=\"";
    size_t at = page.find(marker);
    if (at == std::string::npos) return "";

    at += marker.size();
    return html_unescape(page.substr(at, page.find('"', at) - at));
}

class SsoTest : public ::testing::Test {
  protected:
    void SetUp() override {
        const char* dir = std::getenv("CC_SSO_STACK");
        ASSERT_NE(dir, nullptr) << "run through ctest (fixture sso_stack)";
        dir_ = dir;
        env_ = read_env_file(dir_ + "/peers.env");
        origin_ = "https://127.0.0.1:" + env_["stack_port"];
        browser_ = std::make_unique<Browser>(dir_ + "/stack/etc/tls.crt");
    }

    std::string peer(const std::string& name) {
        return "http://127.0.0.1:" + env_[name + "_port"];
    }

    // Tells a test identity provider who logs in next.
    void next_login(const std::string& name, const std::string& query) {
        Page p = browser_->post_form(peer(name) + "/_test/next?" + query, "");
        ASSERT_EQ(p.status, 200) << p.body;
    }

    Page me() { return browser_->get(origin_ + "/api/me"); }

    // The reason cc-login logged for its latest refused login.
    std::string last_refusal() {
        std::ifstream log(dir_ + "/stack/log/cc-login.log");
        std::string line;
        std::string last;
        while (std::getline(log, line)) {
            if (line.find("\"sso_refused\"") != std::string::npos) last = line;
        }
        return last;
    }

    // Starts a SAML login and returns the IdP's signed SAMLResponse.
    std::string saml_response_for(const std::string& query) {
        next_login("saml", query);
        Page idp = browser_->get(origin_ + "/api/auth/saml/login");
        EXPECT_EQ(idp.status, 200) << idp.body;
        return saml_response_in(idp.body);
    }

    Page post_acs(const std::string& saml_response) {
        return browser_->post_form(
            origin_ + "/api/auth/saml/acs",
            "SAMLResponse=" + browser_->escape(saml_response));
    }

    void expect_refused(const Page& page, const std::string& reason) {
        EXPECT_EQ(page.status, 403) << page.body;
        EXPECT_NE(page.body.find("Login refused"), std::string::npos);
        EXPECT_FALSE(browser_->has_cookie("__Host-cc_session"));
        EXPECT_EQ(me().status, 401);
        EXPECT_NE(last_refusal().find(reason), std::string::npos)
            << last_refusal();
    }

    std::string dir_;
    std::string origin_;
    std::map<std::string, std::string> env_;
    std::unique_ptr<Browser> browser_;
};

TEST_F(SsoTest, MethodsListsEveryConfiguredProvider) {
    Page p = browser_->get(origin_ + "/api/auth/methods");

    ASSERT_EQ(p.status, 200) << p.body;
    EXPECT_NE(p.body.find("\"kind\":\"password\""), std::string::npos);
    EXPECT_NE(p.body.find("/api/auth/saml/login?idp=campus"),
              std::string::npos);
    EXPECT_NE(p.body.find("/api/auth/cas/login?idp=main"), std::string::npos);
    EXPECT_NE(p.body.find("/api/auth/oidc/login?idp=microsoft"),
              std::string::npos);
}

TEST_F(SsoTest, SamlLoginLinksRosterAccountAndMapsFacultyRole) {
    std::string response = saml_response_for(
        "user=saml-prof&mail=Prof.Saml@example.edu&affiliation=staff,member");
    ASSERT_FALSE(response.empty());

    Page acs = post_acs(response);

    EXPECT_EQ(acs.status, 302) << acs.body;
    EXPECT_EQ(acs.location, origin_ + "/");
    Page who = me();
    ASSERT_EQ(who.status, 200) << who.body;
    EXPECT_NE(who.body.find("\"email\":\"prof.saml@example.edu\""),
              std::string::npos);
    EXPECT_NE(who.body.find("\"role\":\"faculty\""), std::string::npos);
}

TEST_F(SsoTest, CasLoginLinksRosterAccountAndMapsFacultyRole) {
    next_login("cas",
               "user=cas-prof&mail=prof.cas@example.edu"
               "&affiliation=faculty");

    Page done = browser_->get(origin_ + "/api/auth/cas/login?next=/courses");

    EXPECT_EQ(done.status, 200) << done.body;
    EXPECT_EQ(done.url, origin_ + "/courses");
    Page who = me();
    ASSERT_EQ(who.status, 200) << who.body;
    EXPECT_NE(who.body.find("\"email\":\"prof.cas@example.edu\""),
              std::string::npos);
    EXPECT_NE(who.body.find("\"role\":\"faculty\""), std::string::npos);
}

TEST_F(SsoTest, MicrosoftLoginCreatesAccountWithAppRole) {
    next_login("oidc", "tenant=" + env_["tenant_ok"] +
                           "&oid=oid-student-1&roles=Student&name=Ada");

    Page done = browser_->get(origin_ + "/api/auth/oidc/login");

    EXPECT_EQ(done.status, 200) << done.body;
    Page who = me();
    ASSERT_EQ(who.status, 200) << who.body;
    EXPECT_NE(who.body.find("\"role\":\"student\""), std::string::npos);
    EXPECT_NE(who.body.find("oid-student-1@"), std::string::npos);
    // The unverified e-mail claim neither links nor names the account.
    EXPECT_EQ(who.body.find("someone.else@example.edu"), std::string::npos);
}

TEST_F(SsoTest, EveryLoginGetsAFreshSessionId) {
    next_login("oidc", "tenant=" + env_["tenant_ok"] + "&oid=oid-rotate");
    browser_->get(origin_ + "/api/auth/oidc/login");
    Page first = me();
    next_login("oidc", "tenant=" + env_["tenant_ok"] + "&oid=oid-rotate");
    browser_->get(origin_ + "/api/auth/oidc/login");
    Page second = me();

    ASSERT_EQ(first.status, 200);
    ASSERT_EQ(second.status, 200);
    // A new session means a new CSRF token, bound to the new id.
    EXPECT_NE(first.body, second.body);
}

TEST_F(SsoTest, SamlRefusesSignedResponseWithExtraUnsignedAssertion) {
    std::string xml = base64_decode(saml_response_for(
        "user=saml-student&mail=student.saml@example.edu&affiliation=student"));
    size_t start = xml.find("<ns1:Assertion ");
    size_t end = xml.find("</ns1:Assertion>");
    ASSERT_NE(start, std::string::npos) << xml;

    // A forged copy: no signature, another subject, placed first.
    std::string forged = xml.substr(start, end + 16 - start);
    size_t sig = forged.find("<ns2:Signature");
    size_t sig_end = forged.find("</ns2:Signature>");
    forged.erase(sig, sig_end + 16 - sig);
    forged.replace(forged.find("ID=\"") + 4, 3, "id-forged-");
    size_t name = forged.find(">saml-student<");
    forged.replace(name + 1, 12, "saml-prof");
    xml.insert(start, forged);

    Page acs = post_acs(base64_encode(xml));

    expect_refused(acs, "response carries 2 assertions");
}

TEST_F(SsoTest, SamlRefusesTheSameResponsePostedTwice) {
    std::string response =
        saml_response_for("user=saml-twice&mail=prof.saml@example.edu");
    Page first = post_acs(response);
    ASSERT_EQ(first.status, 302) << first.body;
    browser_ = std::make_unique<Browser>(dir_ + "/stack/etc/tls.crt");

    Page again = post_acs(response);

    expect_refused(again, "saml assertion id seen before");
}

TEST_F(SsoTest, CasRefusesCallbackWithForgedHostAndForwardedHost) {
    Page start = browser_->get(origin_ + "/api/auth/cas/login", false);
    ASSERT_EQ(start.status, 302);
    // A ticket the CAS server issued for the attacker's own service.
    std::string evil = "https://evil.example/api/auth/cas/callback";
    Page issued = browser_->get(
        peer("cas") + "/login?service=" + browser_->escape(evil), false);
    std::string ticket = issued.location.substr(issued.location.find("ST-"));

    // curl matches cookies to the Host header, so send the flow cookie.
    std::string flow =
        "Cookie: __Host-cc_sso=" + browser_->cookie("__Host-cc_sso");

    Page callback = browser_->get(
        origin_ + "/api/auth/cas/callback?ticket=" + ticket, false,
        {"Host: evil.example", "X-Forwarded-Host: evil.example", flow});

    expect_refused(callback, "cas authenticationFailure INVALID_SERVICE");
}

TEST_F(SsoTest, MicrosoftRefusesSignedTokenFromTenantNotOnList) {
    next_login("oidc", "tenant=" + env_["tenant_other"] +
                           "&oid=oid-outsider"
                           "&roles=Faculty");

    Page done = browser_->get(origin_ + "/api/auth/oidc/login");

    expect_refused(
        done, "tenant " + env_["tenant_other"] + " is not on the allow-list");
}

TEST_F(SsoTest, OidcRefusesStateThatWasNeverIssued) {
    Page start = browser_->get(origin_ + "/api/auth/oidc/login", false);
    ASSERT_EQ(start.status, 302);

    Page callback = browser_->get(
        origin_ + "/api/auth/oidc/callback?code=abc&state=never-issued", false);

    expect_refused(callback, "oidc flow unknown or used");
}

TEST_F(SsoTest, OidcRefusesCallbackInAnotherBrowser) {
    Page start = browser_->get(origin_ + "/api/auth/oidc/login", false);
    ASSERT_EQ(start.status, 302);
    size_t at = start.location.find("state=") + 6;
    std::string state = start.location.substr(at, 43);
    browser_ = std::make_unique<Browser>(dir_ + "/stack/etc/tls.crt");

    Page callback = browser_->get(
        origin_ + "/api/auth/oidc/callback?code=abc&state=" + state, false);

    expect_refused(callback, "oidc flow cookie missing or different");
}

}  // namespace
}  // namespace cc::testing
