// CAS 3.0 ticket validation and the strict parse of its XML answer.
#include "sso/cas.h"

#include <algorithm>
#include <memory>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "sso/encoding.h"
#include "sso/fetch.h"

namespace cc::sso {
namespace {

constexpr const char* kCasNs = "http://www.yale.edu/tp/cas";
constexpr size_t kMaxTicket = 256;

const xmlChar* xml_str(const char* text) {
    return reinterpret_cast<const xmlChar*>(text);
}

struct DocFreer {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using XmlDoc = std::unique_ptr<xmlDoc, DocFreer>;

struct XmlText {
    xmlChar* raw = nullptr;
    ~XmlText() { xmlFree(raw); }
};

Unexpected malformed(std::string detail) {
    return unexpected(ErrorCode::upstream_failed,
                      "the CAS server's answer could not be read",
                      "cas answer: " + detail);
}

bool is_cas(const xmlNode* node, const char* name) {
    return node->type == XML_ELEMENT_NODE && node->ns && node->ns->href &&
           xmlStrEqual(node->ns->href, xml_str(kCasNs)) &&
           xmlStrEqual(node->name, xml_str(name));
}

bool is_blank_text(const xmlNode* node) {
    return (node->type == XML_TEXT_NODE && xmlIsBlankNode(node)) ||
           node->type == XML_COMMENT_NODE;
}

// The element children of `parent`; false when non-blank text sits
// between them.
bool element_children(const xmlNode* parent, std::vector<const xmlNode*>& out) {
    for (const xmlNode* c = parent->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            out.push_back(c);
        } else if (!is_blank_text(c)) {
            return false;
        }
    }
    return true;
}

std::string text_of(const xmlNode* node) {
    XmlText text{xmlNodeGetContent(node)};
    if (!text.raw) return "";

    return std::string(reinterpret_cast<const char*>(text.raw));
}

std::string trimmed(std::string s) {
    auto blank = [](char c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r';
    };
    while (!s.empty() && blank(s.back())) s.pop_back();
    size_t start = 0;
    while (start < s.size() && blank(s[start])) start++;
    return s.substr(start);
}

Result<ExternalIdentity> read_success(const CasProvider& provider,
                                      const xmlNode* success) {
    std::vector<const xmlNode*> parts;
    if (!element_children(success, parts)) return malformed("stray text");

    ExternalIdentity id;
    id.kind = "cas";
    id.provider = provider.name;
    id.issuer = provider.server_url;

    int users = 0;
    for (const xmlNode* part : parts) {
        if (is_cas(part, "user")) {
            users++;
            id.subject = trimmed(text_of(part));
            continue;
        }
        if (!is_cas(part, "attributes")) continue;

        std::vector<const xmlNode*> attrs;
        if (!element_children(part, attrs)) return malformed("stray text");
        for (const xmlNode* a : attrs) {
            if (!a->ns || !xmlStrEqual(a->ns->href, xml_str(kCasNs))) continue;
            id.attributes[reinterpret_cast<const char*>(a->name)].push_back(
                trimmed(text_of(a)));
        }
    }

    if (users != 1) return malformed("expected exactly one cas:user");
    if (id.subject.empty()) return malformed("empty cas:user");
    return id;
}

}  // namespace

bool plausible_ticket(std::string_view ticket) {
    if (ticket.size() < 4 || ticket.size() > kMaxTicket) return false;
    if (!ticket.starts_with("ST-")) return false;

    return std::all_of(ticket.begin(), ticket.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
               (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
    });
}

std::string cas_login_url(const CasProvider& provider,
                          const std::string& service_url) {
    return provider.server_url + "/login?" +
           form_encode({{"service", service_url}});
}

Result<ExternalIdentity> read_cas_answer(const CasProvider& provider,
                                         std::string_view xml) {
    // No network, no entity expansion, no DTD: the answer is plain XML.
    XmlDoc doc(xmlReadMemory(
        xml.data(), static_cast<int>(xml.size()), "cas.xml", nullptr,
        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
    if (!doc) return malformed("not well-formed XML");
    if (doc->intSubset || doc->extSubset) return malformed("has a DTD");

    const xmlNode* root = xmlDocGetRootElement(doc.get());
    if (!root || !is_cas(root, "serviceResponse")) {
        return malformed("root is not cas:serviceResponse");
    }

    std::vector<const xmlNode*> outcome;
    if (!element_children(root, outcome)) return malformed("stray text");
    if (outcome.size() != 1) {
        return malformed("expected one outcome element, got " +
                         std::to_string(outcome.size()));
    }

    const xmlNode* only = outcome.front();
    if (is_cas(only, "authenticationSuccess")) {
        return read_success(provider, only);
    }
    if (!is_cas(only, "authenticationFailure")) {
        return malformed("outcome is neither success nor failure");
    }

    XmlText code{xmlGetProp(only, xml_str("code"))};
    std::string reason = code.raw ? reinterpret_cast<char*>(code.raw) : "";
    return unexpected(ErrorCode::unauthenticated,
                      "the CAS server did not confirm this login",
                      "cas authenticationFailure " + reason);
}

Result<ExternalIdentity> validate_cas_ticket(const CasProvider& provider,
                                             const std::string& service_url,
                                             const std::string& ticket) {
    if (!plausible_ticket(ticket)) {
        return unexpected(ErrorCode::unauthenticated,
                          "the CAS ticket is malformed", "ticket syntax");
    }

    std::string url =
        provider.server_url + "/p3/serviceValidate?" +
        form_encode({{"service", service_url}, {"ticket", ticket}});
    auto answer = fetch({url, "", provider.ca_file, {}});
    if (!answer) return unexpected(answer.error());

    if (answer->status != 200) {
        return malformed("status " + std::to_string(answer->status));
    }
    return read_cas_answer(provider, answer->body);
}

}  // namespace cc::sso
