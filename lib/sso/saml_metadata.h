// Our SAML service provider metadata: entity id, assertion consumer
// (HTTP-POST), persistent NameIDs and the signing certificate.
#pragma once

#include <string>

#include "core/result.h"
#include "sso/settings.h"

namespace cc::sso {

// The text of a file. Errors: invalid_argument naming the path.
Result<std::string> read_text_file(const std::string& path);

// The base64 body of a PEM certificate, without the armour lines.
std::string pem_body(const std::string& pem);

// The metadata XML; `cert_pem` may be empty (then no KeyDescriptor).
std::string sp_metadata_xml(const Settings& settings,
                            const std::string& cert_pem);

}  // namespace cc::sso
