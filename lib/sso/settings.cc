// Reading the identity provider settings from the config file.
#include "sso/settings.h"

#include <algorithm>

namespace cc::sso {
namespace {

std::string trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return std::string(text);
}

Error bad_key(const std::string& key, const std::string& why) {
    return make_error(ErrorCode::invalid_argument, key + ": " + why);
}

bool valid_role(const std::string& role) {
    return role == "student" || role == "faculty" || role == "admin";
}

// "faculty:faculty, staff:faculty" -> {faculty: faculty, staff: faculty}.
Result<std::map<std::string, std::string>> read_role_map(
    const std::string& key, const std::string& text) {
    std::map<std::string, std::string> out;
    for (const std::string& pair : split_list(text)) {
        size_t colon = pair.rfind(':');
        if (colon == std::string::npos) {
            return unexpected(bad_key(key, "expected value:role pairs"));
        }

        std::string role = trim(pair.substr(colon + 1));
        if (!valid_role(role)) {
            return unexpected(bad_key(key, "unknown role " + role));
        }
        out[trim(pair.substr(0, colon))] = role;
    }
    return out;
}

Result<LinkPolicy> read_link_policy(const config::Config& cfg,
                                    const std::string& prefix) {
    LinkPolicy p;
    p.trusted_attribute = cfg.get(prefix + "trusted_attribute");
    p.auto_create = cfg.get_bool(prefix + "auto_create", false);
    p.email_attribute = cfg.get(prefix + "email_attribute", "mail");
    p.name_attribute = cfg.get(prefix + "name_attribute", "displayName");
    p.role_attribute = cfg.get(prefix + "role_attribute");
    p.default_role = cfg.get(prefix + "default_role", "student");

    if (!valid_role(p.default_role)) {
        return unexpected(bad_key(prefix + "default_role", "unknown role"));
    }

    auto map = read_role_map(prefix + "role_map", cfg.get(prefix + "role_map"));
    if (!map) return unexpected(map.error());
    p.role_map = std::move(*map);
    return p;
}

Result<std::string> need(const config::Config& cfg, const std::string& key) {
    std::string value = cfg.get(key);
    if (value.empty()) return unexpected(bad_key(key, "is required"));
    return value;
}

Result<SamlProvider> read_saml(const config::Config& cfg,
                               const std::string& name) {
    std::string prefix = "sso.saml." + name + ".";
    SamlProvider p;
    p.name = name;
    p.label = cfg.get(prefix + "label", "Campus login");
    p.allow_idp_initiated = cfg.get_bool(prefix + "allow_idp_initiated", false);

    auto metadata = need(cfg, prefix + "idp_metadata_path");
    if (!metadata) return unexpected(metadata.error());
    p.idp_metadata_path = *metadata;

    auto skew = cfg.get_int(prefix + "clock_skew_seconds", 60);
    if (!skew || *skew < 0 || *skew > 300) {
        return unexpected(bad_key(prefix + "clock_skew_seconds", "0..300"));
    }
    p.clock_skew_seconds = *skew;

    auto link = read_link_policy(cfg, prefix);
    if (!link) return unexpected(link.error());
    p.link = std::move(*link);
    return p;
}

Result<CasProvider> read_cas(const config::Config& cfg,
                             const std::string& name) {
    std::string prefix = "sso.cas." + name + ".";
    CasProvider p;
    p.name = name;
    p.label = cfg.get(prefix + "label", "CAS login");
    p.ca_file = cfg.get(prefix + "ca_path");

    auto server = need(cfg, prefix + "server_url");
    if (!server) return unexpected(server.error());
    p.server_url = *server;
    while (p.server_url.ends_with("/")) p.server_url.pop_back();

    auto link = read_link_policy(cfg, prefix);
    if (!link) return unexpected(link.error());
    p.link = std::move(*link);
    return p;
}

Result<OidcProvider> read_oidc(const config::Config& cfg,
                               const std::string& name) {
    std::string prefix = "sso.oidc." + name + ".";
    OidcProvider p;
    p.name = name;
    p.label = cfg.get(prefix + "label", "Microsoft");
    p.microsoft = cfg.get_bool(prefix + "microsoft", false);
    p.scopes = cfg.get(prefix + "scopes", "openid profile email");
    p.ca_file = cfg.get(prefix + "ca_path");
    p.allowed_tenants = split_list(cfg.get(prefix + "allowed_tenants"));

    auto issuer = need(cfg, prefix + "issuer");
    auto client_id = need(cfg, prefix + "client_id");
    auto secret = need(cfg, prefix + "client_secret");
    for (auto* r : {&issuer, &client_id, &secret}) {
        if (!*r) return unexpected(r->error());
    }
    p.issuer = *issuer;
    p.client_id = *client_id;
    p.client_secret = *secret;

    std::string base = p.issuer;
    while (base.ends_with("/")) base.pop_back();
    p.discovery_url = cfg.get(prefix + "discovery_url",
                              base + "/.well-known/openid-configuration");

    auto skew = cfg.get_int(prefix + "clock_skew_seconds", 60);
    if (!skew || *skew < 0 || *skew > 300) {
        return unexpected(bad_key(prefix + "clock_skew_seconds", "0..300"));
    }
    p.clock_skew_seconds = *skew;

    auto link = read_link_policy(cfg, prefix);
    if (!link) return unexpected(link.error());
    p.link = std::move(*link);

    // Microsoft lets users edit their e-mail claim: it proves nothing.
    if (p.microsoft && (p.link.trusted_attribute == "email" ||
                        p.link.trusted_attribute == "preferred_username")) {
        return unexpected(bad_key(prefix + "trusted_attribute",
                                  "Microsoft's e-mail claims are not "
                                  "verified and cannot link accounts"));
    }
    if (p.microsoft && p.allowed_tenants.empty()) {
        return unexpected(bad_key(prefix + "allowed_tenants",
                                  "Microsoft mode needs a tenant allow-list"));
    }
    return p;
}

template <typename T, typename Reader>
Result<std::vector<T>> read_all(const config::Config& cfg,
                                const std::string& list_key, Reader reader) {
    std::vector<T> out;
    for (const std::string& name : split_list(cfg.get(list_key))) {
        auto p = reader(cfg, name);
        if (!p) return unexpected(p.error());
        out.push_back(std::move(*p));
    }
    return out;
}

}  // namespace

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();

        std::string item = trim(text.substr(start, comma - start));
        if (!item.empty()) out.push_back(item);
        start = comma + 1;
    }
    return out;
}

std::string Settings::saml_entity_id() const {
    return site_origin + "/api/auth/saml/metadata";
}

std::string Settings::saml_acs_url() const {
    return site_origin + "/api/auth/saml/acs";
}

std::string Settings::cas_service_url() const {
    return site_origin + "/api/auth/cas/callback";
}

std::string Settings::oidc_redirect_uri() const {
    return site_origin + "/api/auth/oidc/callback";
}

Result<Settings> load_settings(const config::Config& cfg,
                               const std::string& site_origin) {
    Settings s;
    s.site_origin = site_origin;
    s.saml_sp_key_path = cfg.get("sso.saml.sp_key_path");
    s.saml_sp_cert_path = cfg.get("sso.saml.sp_cert_path");

    auto saml = read_all<SamlProvider>(cfg, "sso.saml.providers", read_saml);
    if (!saml) return unexpected(saml.error());
    s.saml = std::move(*saml);

    auto cas = read_all<CasProvider>(cfg, "sso.cas.providers", read_cas);
    if (!cas) return unexpected(cas.error());
    s.cas = std::move(*cas);

    auto oidc = read_all<OidcProvider>(cfg, "sso.oidc.providers", read_oidc);
    if (!oidc) return unexpected(oidc.error());
    s.oidc = std::move(*oidc);
    return s;
}

}  // namespace cc::sso
