// Identity provider settings: one or more SAML, CAS and OIDC providers
// read from the config file, with the account-linking policy of each.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/result.h"

namespace cc::sso {

// How a verified identity becomes a ClassCloud account.
struct LinkPolicy {
    // The attribute whose value is trusted to equal an existing account's
    // e-mail, so a first login links to it; empty: never link that way.
    std::string trusted_attribute;

    // Create an account at the first login when nothing links (off).
    bool auto_create = false;

    // The attribute holding e-mail and display name for new accounts.
    std::string email_attribute;
    std::string name_attribute;

    // The attribute whose values pick a role, and value -> role pairs.
    std::string role_attribute;
    std::map<std::string, std::string> role_map;

    // The role of a created account when no value maps.
    std::string default_role = "student";
};

struct SamlProvider {
    std::string name;
    std::string label;
    std::string idp_metadata_path;
    bool allow_idp_initiated = false;
    int64_t clock_skew_seconds = 60;
    LinkPolicy link;
};

struct CasProvider {
    std::string name;
    std::string label;
    std::string server_url;  // https://cas.example.edu/cas
    std::string ca_file;     // extra CA bundle for the CAS server
    LinkPolicy link;
};

struct OidcProvider {
    std::string name;
    std::string label;
    std::string issuer;         // expected iss; may hold {tenantid}
    std::string discovery_url;  // issuer + /.well-known/openid-configuration
    std::string client_id;
    std::string client_secret;
    std::string scopes = "openid profile email";
    std::string ca_file;
    bool microsoft = false;
    std::vector<std::string> allowed_tenants;
    int64_t clock_skew_seconds = 60;
    LinkPolicy link;
};

struct Settings {
    std::string site_origin;  // https://host[:port]

    // Our SAML key pair, for signing requests and the metadata's
    // certificate; empty: requests go unsigned.
    std::string saml_sp_key_path;
    std::string saml_sp_cert_path;

    std::vector<SamlProvider> saml;
    std::vector<CasProvider> cas;
    std::vector<OidcProvider> oidc;

    // Our own SAML entity id: <origin>/api/auth/saml/metadata.
    std::string saml_entity_id() const;
    std::string saml_acs_url() const;
    std::string cas_service_url() const;
    std::string oidc_redirect_uri() const;
};

// Reads sso.saml.providers, sso.cas.providers and sso.oidc.providers
// (comma-separated names) and each provider's keys, documented in
// docs/configuration.md. Errors: invalid_argument naming the bad key.
Result<Settings> load_settings(const config::Config& cfg,
                               const std::string& site_origin);

// Splits a comma-separated list, trimming blanks and dropping empties.
std::vector<std::string> split_list(const std::string& text);

}  // namespace cc::sso
