// ExternalIdentity: who an identity provider says logged in, as read
// from a verified assertion, ticket validation or ID token.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace cc::sso {

struct ExternalIdentity {
    std::string kind;      // saml, cas, oidc
    std::string provider;  // the configured provider's name
    std::string issuer;    // entity id, CAS server URL or token iss
    std::string subject;   // NameID, CAS user, sub (Microsoft: oid)
    std::map<std::string, std::vector<std::string>> attributes;

    // The first value of an attribute, "" when absent.
    std::string first(const std::string& name) const {
        auto it = attributes.find(name);
        if (it == attributes.end() || it->second.empty()) return "";
        return it->second.front();
    }
};

}  // namespace cc::sso
