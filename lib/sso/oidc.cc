// OpenID Connect code flow with PKCE and ID token verification.
#include "sso/oidc.h"

#include <algorithm>
#include <ctime>

#include "auth/digest.h"
#include "auth/password.h"
#include "sso/encoding.h"
#include "sso/fetch.h"
#include "sso/jwt.h"

namespace cc::sso {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kDiscoveryTtl = std::chrono::hours(1);
constexpr auto kKeysTtl = std::chrono::hours(1);
// A key set refresh for an unknown kid waits this long after the last.
constexpr auto kKeysMinRefresh = std::chrono::seconds(30);

Unexpected refused(std::string detail) {
    return unexpected(ErrorCode::unauthenticated,
                      "the identity provider's answer was not accepted",
                      std::move(detail));
}

Unexpected upstream(std::string detail) {
    return unexpected(ErrorCode::upstream_failed,
                      "the identity provider is not answering properly",
                      std::move(detail));
}

Result<json::Json> fetch_json(const std::string& url,
                              const std::string& ca_file,
                              const std::string& form = {}) {
    auto answer = fetch({url, form, ca_file, {"Accept: application/json"}});
    if (!answer) return unexpected(answer.error());

    if (answer->status != 200) {
        return upstream(url + " answered " + std::to_string(answer->status));
    }

    auto parsed = json::parse(answer->body);
    if (!parsed || !parsed->is_object()) return upstream(url + " not JSON");
    return parsed;
}

bool has_audience(const json::Json& claims, const std::string& client_id) {
    json::Json aud = claims.get("aud");
    if (aud.is_string()) return aud.as_string() == client_id;
    if (!aud.is_array()) return false;

    bool found = false;
    for (size_t i = 0; i < aud.size(); i++) {
        if (aud.at(i).as_string() == client_id) found = true;
    }

    // Several audiences: the token must say it was issued to us.
    if (found && aud.size() > 1) {
        return claims.get_string("azp").value_or("") == client_id;
    }
    return found;
}

std::string replace_tenant(std::string text, const std::string& tid) {
    const std::string marker = "{tenantid}";
    size_t at = text.find(marker);
    if (at != std::string::npos) text.replace(at, marker.size(), tid);
    return text;
}

void add_claims(ExternalIdentity& id, const json::Json& claims) {
    const char* key = nullptr;
    json_t* value = nullptr;
    json_object_foreach(claims.raw(), key, value) {
        if (json_is_string(value)) {
            id.attributes[key].push_back(json_string_value(value));
        } else if (json_is_array(value)) {
            size_t i = 0;
            json_t* item = nullptr;
            json_array_foreach(value, i, item) {
                if (json_is_string(item)) {
                    id.attributes[key].push_back(json_string_value(item));
                }
            }
        }
    }
}

bool plausible_code(const std::string& code) {
    if (code.empty() || code.size() > 4096) return false;

    return std::all_of(code.begin(), code.end(),
                       [](char c) { return c > 0x20 && c < 0x7f; });
}

}  // namespace

OidcSecrets OidcSecrets::generate() {
    return {auth::random_token(32), auth::random_token(32),
            auth::random_token(48)};
}

Result<OidcClient::Discovery> OidcClient::discovery() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (discovery_ && Clock::now() - discovery_at_ < kDiscoveryTtl) {
        return *discovery_;
    }

    auto doc = fetch_json(provider_.discovery_url, provider_.ca_file);
    if (!doc) return unexpected(doc.error());

    Discovery d;
    d.issuer = doc->get_string("issuer").value_or("");
    d.authorization_endpoint =
        doc->get_string("authorization_endpoint").value_or("");
    d.token_endpoint = doc->get_string("token_endpoint").value_or("");
    d.jwks_uri = doc->get_string("jwks_uri").value_or("");
    if (d.issuer.empty() || d.authorization_endpoint.empty() ||
        d.token_endpoint.empty() || d.jwks_uri.empty()) {
        return upstream("discovery document lacks an endpoint");
    }

    // A plain issuer must publish itself; Microsoft's shared documents
    // publish the {tenantid} template instead.
    if (d.issuer != provider_.issuer &&
        d.issuer.find("{tenantid}") == std::string::npos) {
        return upstream("discovery issuer differs from the configured one");
    }

    discovery_ = d;
    discovery_at_ = Clock::now();
    return d;
}

Result<json::Json> OidcClient::key_set(bool refresh) {
    auto d = discovery();
    if (!d) return unexpected(d.error());

    std::lock_guard<std::mutex> lock(mutex_);
    auto age = Clock::now() - jwks_at_;
    bool fresh = jwks_.valid() && age < kKeysTtl;
    if (fresh && (!refresh || age < kKeysMinRefresh)) return jwks_;

    auto keys = fetch_json(d->jwks_uri, provider_.ca_file);
    if (!keys) return unexpected(keys.error());

    jwks_ = *keys;
    jwks_at_ = Clock::now();
    return jwks_;
}

Result<std::string> OidcClient::authorization_url(const OidcSecrets& s) {
    auto d = discovery();
    if (!d) return unexpected(d.error());

    std::string challenge = base64url_encode(sha256_raw(s.code_verifier));
    std::string query = form_encode({
        {"response_type", "code"},
        {"client_id", provider_.client_id},
        {"redirect_uri", redirect_uri_},
        {"scope", provider_.scopes},
        {"state", s.state},
        {"nonce", s.nonce},
        {"code_challenge", challenge},
        {"code_challenge_method", "S256"},
        {"response_mode", "query"},
    });

    char joiner =
        d->authorization_endpoint.find('?') == std::string::npos ? '?' : '&';
    return d->authorization_endpoint + joiner + query;
}

Result<ExternalIdentity> OidcClient::redeem(const std::string& code,
                                            const std::string& verifier,
                                            const std::string& nonce) {
    if (!plausible_code(code)) return refused("authorization code malformed");

    auto d = discovery();
    if (!d) return unexpected(d.error());

    std::string form = form_encode({
        {"grant_type", "authorization_code"},
        {"code", code},
        {"redirect_uri", redirect_uri_},
        {"client_id", provider_.client_id},
        {"client_secret", provider_.client_secret},
        {"code_verifier", verifier},
    });
    auto answer = fetch_json(d->token_endpoint, provider_.ca_file, form);
    if (!answer) return unexpected(answer.error());

    auto id_token = answer->get_string("id_token");
    if (!id_token) return upstream("token endpoint gave no id_token");

    return verify_id_token(*id_token, nonce);
}

Result<void> OidcClient::check_issuer(const json::Json& claims) {
    std::string iss = claims.get_string("iss").value_or("");
    if (!provider_.microsoft) {
        if (iss != provider_.issuer) return refused("iss is not the issuer");
        return {};
    }

    std::string tid = claims.get_string("tid").value_or("");
    const auto& allowed = provider_.allowed_tenants;
    if (tid.empty() ||
        std::find(allowed.begin(), allowed.end(), tid) == allowed.end()) {
        return refused("tenant " + tid + " is not on the allow-list");
    }

    // The issuer must be that very tenant's: {tenantid} filled with tid.
    if (iss != replace_tenant(provider_.issuer, tid)) {
        return refused("iss is not tenant " + tid + "'s issuer");
    }
    return {};
}

Result<void> OidcClient::check_times(const json::Json& claims) {
    int64_t now = static_cast<int64_t>(std::time(nullptr));
    int64_t skew = provider_.clock_skew_seconds;

    auto exp = claims.get_int("exp");
    if (!exp) return refused("id token has no exp");
    if (now > *exp + skew) return refused("id token expired");

    auto nbf = claims.get_int("nbf");
    if (nbf && now + skew < *nbf) return refused("id token not yet valid");

    auto iat = claims.get_int("iat");
    if (iat && now + skew < *iat) return refused("id token issued in future");
    return {};
}

Result<ExternalIdentity> OidcClient::verify_id_token(const std::string& token,
                                                     const std::string& nonce) {
    auto jwt = parse_jwt(token);
    if (!jwt) return unexpected(jwt.error());

    auto keys = key_set(false);
    if (!keys) return unexpected(keys.error());

    auto verified = verify_rs256(*jwt, *keys);
    if (!verified && verified.error().code == ErrorCode::not_found) {
        keys = key_set(true);
        if (!keys) return unexpected(keys.error());
        verified = verify_rs256(*jwt, *keys);
    }
    if (!verified) return refused(verified.error().detail);

    const json::Json& claims = jwt->claims;
    auto iss = check_issuer(claims);
    if (!iss) return unexpected(iss.error());

    if (!has_audience(claims, provider_.client_id)) {
        return refused("aud is not our client id");
    }

    auto times = check_times(claims);
    if (!times) return unexpected(times.error());

    std::string got_nonce = claims.get_string("nonce").value_or("");
    if (!auth::constant_time_equal(got_nonce, nonce)) {
        return refused("nonce does not match the login's");
    }

    ExternalIdentity id;
    id.kind = "oidc";
    id.provider = provider_.name;
    id.issuer = claims.get_string("iss").value_or("");
    id.subject = provider_.microsoft ? claims.get_string("oid").value_or("")
                                     : claims.get_string("sub").value_or("");
    if (id.subject.empty()) return refused("id token names no subject");

    add_claims(id, claims);
    return id;
}

}  // namespace cc::sso
