// The SAML service provider: lasso parses and verifies, then every
// condition of the one signed assertion is checked here.
#include "sso/saml.h"

#include <algorithm>
#include <ctime>
#include <mutex>
#include <optional>

#include <lasso/lasso.h>
#include <lasso/xml/misc_text_node.h>
#include <lasso/xml/saml-2.0/saml2_assertion.h>
#include <lasso/xml/saml-2.0/saml2_attribute.h>
#include <lasso/xml/saml-2.0/saml2_attribute_statement.h>
#include <lasso/xml/saml-2.0/saml2_attribute_value.h>
#include <lasso/xml/saml-2.0/saml2_audience_restriction.h>
#include <lasso/xml/saml-2.0/saml2_conditions.h>
#include <lasso/xml/saml-2.0/saml2_subject_confirmation.h>
#include <lasso/xml/saml-2.0/saml2_subject_confirmation_data.h>
#include <lasso/xml/saml-2.0/samlp2_authn_request.h>
#include <lasso/xml/saml-2.0/samlp2_response.h>
#include <libxml/parser.h>
#include <time.h>

#include "sso/saml_metadata.h"

namespace cc::sso {
namespace {

// Owns one reference to any lasso GObject.
struct Unref {
    void operator()(void* object) const {
        if (object) g_object_unref(object);
    }
};
template <typename T>
using GObj = std::unique_ptr<T, Unref>;

Unexpected refused(std::string detail) {
    return unexpected(ErrorCode::unauthenticated,
                      "the identity provider's answer was not accepted",
                      "saml: " + std::move(detail));
}

std::string str(const char* text) { return text ? text : ""; }

// xs:dateTime in UTC ("2024-05-01T10:00:00Z", fractions allowed).
std::optional<int64_t> parse_instant(const char* text) {
    if (!text) return std::nullopt;

    struct tm tm {};
    const char* rest = strptime(text, "%Y-%m-%dT%H:%M:%S", &tm);
    if (!rest) return std::nullopt;
    if (*rest == '.') {
        rest++;
        while (*rest >= '0' && *rest <= '9') rest++;
    }
    if (std::string_view(rest) != "Z") return std::nullopt;

    return static_cast<int64_t>(timegm(&tm));
}

int64_t now_seconds() { return static_cast<int64_t>(std::time(nullptr)); }

void read_attributes(const LassoSaml2Assertion* a, ExternalIdentity& id) {
    for (GList* s = a->AttributeStatement; s; s = s->next) {
        if (!LASSO_IS_SAML2_ATTRIBUTE_STATEMENT(s->data)) continue;
        auto* statement = LASSO_SAML2_ATTRIBUTE_STATEMENT(s->data);

        for (GList* t = statement->Attribute; t; t = t->next) {
            if (!LASSO_IS_SAML2_ATTRIBUTE(t->data)) continue;
            auto* attr = LASSO_SAML2_ATTRIBUTE(t->data);

            std::vector<std::string> values;
            for (GList* v = attr->AttributeValue; v; v = v->next) {
                if (!LASSO_IS_SAML2_ATTRIBUTE_VALUE(v->data)) continue;
                auto* value = LASSO_SAML2_ATTRIBUTE_VALUE(v->data);
                for (GList* n = value->any; n; n = n->next) {
                    if (!LASSO_IS_MISC_TEXT_NODE(n->data)) continue;
                    values.push_back(
                        str(LASSO_MISC_TEXT_NODE(n->data)->content));
                }
            }

            auto& by_name = id.attributes[str(attr->Name)];
            by_name.insert(by_name.end(), values.begin(), values.end());
            if (attr->FriendlyName) {
                auto& by_friendly = id.attributes[attr->FriendlyName];
                by_friendly.insert(by_friendly.end(), values.begin(),
                                   values.end());
            }
        }
    }
}

}  // namespace

struct SamlSp::Impl {
    struct Idp {
        SamlProvider config;
        std::string entity_id;
    };

    Settings settings;
    std::string metadata;
    std::vector<Idp> idps;
    GObj<LassoServer> server;
    std::mutex mutex;

    const Idp* by_entity(const std::string& entity) const {
        for (const Idp& idp : idps) {
            if (idp.entity_id == entity) return &idp;
        }
        return nullptr;
    }

    Result<void> check_times(const LassoSaml2Assertion* a, int64_t skew,
                             int64_t& valid_until) const;
    Result<SamlAssertion> check(const Idp& idp, LassoSamlp2Response* response,
                                LassoSaml2Assertion* a) const;
};

Result<void> SamlSp::Impl::check_times(const LassoSaml2Assertion* a,
                                       int64_t skew,
                                       int64_t& valid_until) const {
    int64_t now = now_seconds();
    const LassoSaml2Conditions* c = a->Conditions;
    if (!c) return refused("assertion has no Conditions");

    auto not_before = parse_instant(c->NotBefore);
    if (c->NotBefore && !not_before) return refused("bad NotBefore");
    if (not_before && now + skew < *not_before) {
        return refused("assertion not yet valid");
    }

    auto not_after = parse_instant(c->NotOnOrAfter);
    if (!not_after) return refused("Conditions without NotOnOrAfter");
    if (now - skew >= *not_after) return refused("assertion expired");

    auto* data = a->Subject->SubjectConfirmation->SubjectConfirmationData;
    auto data_after = parse_instant(data->NotOnOrAfter);
    if (!data_after) return refused("confirmation without NotOnOrAfter");
    if (now - skew >= *data_after) return refused("confirmation expired");

    valid_until = std::min(*not_after, *data_after) + skew;
    return {};
}

Result<SamlAssertion> SamlSp::Impl::check(const Idp& idp,
                                          LassoSamlp2Response* response,
                                          LassoSaml2Assertion* a) const {
    if (!a->Issuer || str(a->Issuer->content) != idp.entity_id) {
        return refused("assertion issuer is not the response's IdP");
    }

    std::string destination = str(response->parent.Destination);
    if (destination != settings.saml_acs_url()) {
        return refused("response Destination is not our ACS");
    }

    auto* subject = a->Subject;
    if (!subject || !subject->NameID || !subject->NameID->content ||
        !*subject->NameID->content) {
        return refused("assertion names no subject");
    }
    auto* confirmation = subject->SubjectConfirmation;
    if (!confirmation || !confirmation->SubjectConfirmationData ||
        str(confirmation->Method) != LASSO_SAML2_CONFIRMATION_METHOD_BEARER) {
        return refused("no bearer subject confirmation");
    }

    auto* data = confirmation->SubjectConfirmationData;
    if (str(data->Recipient) != settings.saml_acs_url()) {
        return refused("confirmation Recipient is not our ACS");
    }

    // Every audience restriction must name us.
    const LassoSaml2Conditions* c = a->Conditions;
    if (!c || !c->AudienceRestriction) return refused("no AudienceRestriction");
    for (GList* r = c->AudienceRestriction; r; r = r->next) {
        auto* restriction = LASSO_SAML2_AUDIENCE_RESTRICTION(r->data);
        if (str(restriction->Audience) != settings.saml_entity_id()) {
            return refused("audience is not our entity id");
        }
    }

    SamlAssertion out;
    auto times = check_times(a, idp.config.clock_skew_seconds, out.valid_until);
    if (!times) return unexpected(times.error());

    out.in_response_to = str(data->InResponseTo);
    std::string response_irt = str(response->parent.InResponseTo);
    if (!response_irt.empty() && response_irt != out.in_response_to) {
        return refused("InResponseTo differs between response and assertion");
    }
    if (out.in_response_to.empty() && !idp.config.allow_idp_initiated) {
        return refused("IdP-initiated login is not enabled for this IdP");
    }

    out.assertion_id = str(a->ID);
    if (out.assertion_id.empty()) return refused("assertion has no ID");

    out.identity.kind = "saml";
    out.identity.provider = idp.config.name;
    out.identity.issuer = idp.entity_id;
    out.identity.subject = subject->NameID->content;
    read_attributes(a, out.identity);
    return out;
}

SamlSp::SamlSp(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SamlSp::~SamlSp() = default;

const std::string& SamlSp::metadata() const { return impl_->metadata; }

const SamlProvider* SamlSp::provider(const std::string& name) const {
    for (const auto& idp : impl_->idps) {
        if (idp.config.name == name) return &idp.config;
    }
    return nullptr;
}

Result<std::unique_ptr<SamlSp>> SamlSp::create(const Settings& settings) {
    static std::once_flag once;
    std::call_once(once, [] { lasso_init(); });

    auto impl = std::make_unique<Impl>();
    impl->settings = settings;

    std::string key;
    std::string cert;
    if (!settings.saml_sp_key_path.empty()) {
        auto k = read_text_file(settings.saml_sp_key_path);
        auto c = read_text_file(settings.saml_sp_cert_path);
        if (!k) return unexpected(k.error());
        if (!c) return unexpected(c.error());
        key = *k;
        cert = *c;
    }

    impl->metadata = sp_metadata_xml(settings, cert);
    impl->server.reset(lasso_server_new_from_buffers(
        impl->metadata.c_str(), key.empty() ? nullptr : key.c_str(), nullptr,
        cert.empty() ? nullptr : cert.c_str()));
    if (!impl->server) {
        return unexpected(ErrorCode::invalid_argument,
                          "lasso refused our SAML key pair or metadata");
    }
    impl->server->signature_method = LASSO_SIGNATURE_METHOD_RSA_SHA256;

    for (const SamlProvider& p : settings.saml) {
        GObj<LassoProvider> probe(
            lasso_provider_new(LASSO_PROVIDER_ROLE_IDP,
                               p.idp_metadata_path.c_str(), nullptr, nullptr));
        int rc = lasso_server_add_provider(
            impl->server.get(), LASSO_PROVIDER_ROLE_IDP,
            p.idp_metadata_path.c_str(), nullptr, nullptr);
        if (!probe || rc != 0) {
            return unexpected(ErrorCode::invalid_argument,
                              "cannot load SAML IdP metadata for " + p.name,
                              str(lasso_strerror(rc)));
        }
        impl->idps.push_back({p, str(probe->ProviderID)});
    }
    return std::unique_ptr<SamlSp>(new SamlSp(std::move(impl)));
}

Result<SamlStart> SamlSp::start(const std::string& provider_name) {
    const Impl::Idp* idp = nullptr;
    for (const auto& candidate : impl_->idps) {
        if (candidate.config.name == provider_name) idp = &candidate;
    }
    if (!idp) return unexpected(ErrorCode::not_found, "no such SAML provider");

    std::lock_guard<std::mutex> lock(impl_->mutex);
    GObj<LassoLogin> login(lasso_login_new(impl_->server.get()));
    if (!login) return unexpected(ErrorCode::internal, "", "lasso_login_new");

    int rc = lasso_login_init_authn_request(login.get(), idp->entity_id.c_str(),
                                            LASSO_HTTP_METHOD_REDIRECT);
    if (rc != 0) {
        return unexpected(
            ErrorCode::internal, "",
            std::string("saml authn request: ") + lasso_strerror(rc));
    }

    auto* profile = LASSO_PROFILE(login.get());
    auto* request = LASSO_SAMLP2_AUTHN_REQUEST(profile->request);
    g_free(request->NameIDPolicy->Format);
    request->NameIDPolicy->Format =
        g_strdup(LASSO_SAML2_NAME_IDENTIFIER_FORMAT_PERSISTENT);
    request->NameIDPolicy->AllowCreate = TRUE;
    g_free(request->ProtocolBinding);
    request->ProtocolBinding = g_strdup(LASSO_SAML2_METADATA_BINDING_POST);
    g_free(request->AssertionConsumerServiceURL);
    request->AssertionConsumerServiceURL =
        g_strdup(impl_->settings.saml_acs_url().c_str());

    rc = lasso_login_build_authn_request_msg(login.get());
    if (rc != 0 || !profile->msg_url) {
        return unexpected(
            ErrorCode::internal, "",
            std::string("saml authn message: ") + lasso_strerror(rc));
    }
    return SamlStart{profile->msg_url,
                     str(LASSO_SAMLP2_REQUEST_ABSTRACT(request)->ID)};
}

Result<SamlAssertion> SamlSp::consume(const std::string& saml_response) {
    if (saml_response.empty()) return refused("no SAMLResponse");

    std::lock_guard<std::mutex> lock(impl_->mutex);
    GObj<LassoLogin> login(lasso_login_new(impl_->server.get()));
    if (!login) return unexpected(ErrorCode::internal, "", "lasso_login_new");

    auto* profile = LASSO_PROFILE(login.get());
    lasso_profile_set_signature_verify_hint(
        profile, LASSO_PROFILE_SIGNATURE_VERIFY_HINT_FORCE);

    std::string message = saml_response;
    int rc =
        lasso_login_process_authn_response_msg(login.get(), message.data());

    if (!LASSO_IS_SAMLP2_RESPONSE(profile->response)) {
        return refused(std::string("not a SAML response: ") +
                       lasso_strerror(rc));
    }
    auto* response = LASSO_SAMLP2_RESPONSE(profile->response);

    // One assertion, the one whose signature lasso verified; a second
    // one is how wrapping attacks smuggle an identity in.
    if (response->EncryptedAssertion) {
        return refused("encrypted assertions are not accepted");
    }
    guint count = g_list_length(response->Assertion);
    if (count != 1) {
        return refused("response carries " + std::to_string(count) +
                       " assertions");
    }
    if (rc != 0) return refused(std::string("lasso: ") + lasso_strerror(rc));

    if (lasso_profile_get_signature_status(profile) != 0) {
        return refused("assertion signature not verified");
    }

    const Impl::Idp* idp = impl_->by_entity(str(profile->remote_providerID));
    if (!idp) return refused("response from an unknown IdP");

    auto* assertion = LASSO_SAML2_ASSERTION(response->Assertion->data);
    return impl_->check(*idp, response, assertion);
}

}  // namespace cc::sso
