// Writing the service provider's metadata document.
#include "sso/saml_metadata.h"

#include <fstream>
#include <sstream>

#include "sso/encoding.h"

namespace cc::sso {
namespace {

std::string key_descriptor(const std::string& cert_pem) {
    if (cert_pem.empty()) return "";

    return "    <md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data>"
           "<ds:X509Certificate>" +
           pem_body(cert_pem) +
           "</ds:X509Certificate></ds:X509Data></ds:KeyInfo>"
           "</md:KeyDescriptor>\n";
}

}  // namespace

Result<std::string> read_text_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        return unexpected(ErrorCode::invalid_argument, "cannot read " + path);
    }

    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string pem_body(const std::string& pem) {
    std::istringstream lines(pem);
    std::string line;
    std::string body;
    while (std::getline(lines, line)) {
        if (line.starts_with("-----")) continue;
        for (char c : line) {
            if (c != '\r' && c != ' ') body += c;
        }
    }
    return body;
}

std::string sp_metadata_xml(const Settings& settings,
                            const std::string& cert_pem) {
    std::string signed_requests = cert_pem.empty() ? "false" : "true";
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<md:EntityDescriptor "
           "xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
           "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"" +
           markup_escape(settings.saml_entity_id()) +
           "\">\n"
           "  <md:SPSSODescriptor AuthnRequestsSigned=\"" +
           signed_requests +
           "\" WantAssertionsSigned=\"true\" "
           "protocolSupportEnumeration="
           "\"urn:oasis:names:tc:SAML:2.0:protocol\">\n" +
           key_descriptor(cert_pem) +
           "    <md:NameIDFormat>"
           "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
           "</md:NameIDFormat>\n"
           "    <md:AssertionConsumerService "
           "Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" "
           "Location=\"" +
           markup_escape(settings.saml_acs_url()) +
           "\" index=\"0\" isDefault=\"true\"/>\n"
           "  </md:SPSSODescriptor>\n"
           "</md:EntityDescriptor>\n";
}

}  // namespace cc::sso
