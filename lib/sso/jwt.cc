// JWT parsing and RS256 verification with OpenSSL 3, every OpenSSL object
// held by an owner.
#include "sso/jwt.h"

#include <memory>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "sso/encoding.h"

namespace cc::sso {
namespace {

constexpr int kMinRsaBits = 2048;

template <auto Free>
struct Freer {
    template <typename T>
    void operator()(T* p) const {
        Free(p);
    }
};
using BigNum = std::unique_ptr<BIGNUM, Freer<BN_free>>;
using ParamBuild = std::unique_ptr<OSSL_PARAM_BLD, Freer<OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Freer<OSSL_PARAM_free>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Freer<EVP_PKEY_CTX_free>>;
using Pkey = std::unique_ptr<EVP_PKEY, Freer<EVP_PKEY_free>>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, Freer<EVP_MD_CTX_free>>;

Unexpected refused(std::string detail) {
    return unexpected(ErrorCode::unauthenticated,
                      "the identity provider's token is not valid",
                      std::move(detail));
}

Result<json::Json> decode_part(std::string_view part, const char* what) {
    auto raw = base64url_decode(part);
    if (!raw)
        return refused(std::string("id token ") + what + " not base64url");

    auto parsed = json::parse(*raw);
    if (!parsed || !parsed->is_object()) {
        return refused(std::string("id token ") + what + " not a JSON object");
    }
    return parsed;
}

BigNum bignum_from(const json::Json& jwk, const char* field) {
    auto text = jwk.get_string(field);
    if (!text) return nullptr;

    auto raw = base64url_decode(*text);
    if (!raw || raw->empty()) return nullptr;

    return BigNum(BN_bin2bn(reinterpret_cast<const unsigned char*>(raw->data()),
                            static_cast<int>(raw->size()), nullptr));
}

Result<Pkey> rsa_key_from(const json::Json& jwk) {
    BigNum n = bignum_from(jwk, "n");
    BigNum e = bignum_from(jwk, "e");
    if (!n || !e) return refused("jwk without n or e");

    if (BN_num_bits(n.get()) < kMinRsaBits) return refused("rsa key too small");

    ParamBuild build(OSSL_PARAM_BLD_new());
    if (!build ||
        !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
        !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, e.get())) {
        return refused("cannot build rsa parameters");
    }

    Params params(OSSL_PARAM_BLD_to_param(build.get()));
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0) {
        return refused("cannot set up rsa key");
    }

    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) <=
        0) {
        return refused("cannot load rsa key");
    }
    return Pkey(raw);
}

// The RSA signing key of the set with this kid; an empty kid matches a
// set of exactly one key.
std::optional<json::Json> find_key(const json::Json& jwks,
                                   const std::string& kid) {
    json::Json keys = jwks.get("keys");
    if (!keys.is_array()) return std::nullopt;

    std::optional<json::Json> found;
    int candidates = 0;
    for (size_t i = 0; i < keys.size(); i++) {
        json::Json k = keys.at(i);
        if (k.get_string("kty").value_or("") != "RSA") continue;
        if (k.get_string("use").value_or("sig") != "sig") continue;

        candidates++;
        if (kid.empty() || k.get_string("kid").value_or("") == kid) found = k;
    }

    if (kid.empty() && candidates != 1) return std::nullopt;
    return found;
}

}  // namespace

Result<Jwt> parse_jwt(std::string_view token) {
    size_t first = token.find('.');
    size_t second = first == std::string_view::npos
                        ? std::string_view::npos
                        : token.find('.', first + 1);
    if (second == std::string_view::npos ||
        token.find('.', second + 1) != std::string_view::npos) {
        return refused("id token is not three parts");
    }

    Jwt jwt;
    auto header = decode_part(token.substr(0, first), "header");
    if (!header) return unexpected(header.error());
    jwt.header = *header;

    auto claims =
        decode_part(token.substr(first + 1, second - first - 1), "claims");
    if (!claims) return unexpected(claims.error());
    jwt.claims = *claims;

    auto sig = base64url_decode(token.substr(second + 1));
    if (!sig) return refused("id token signature not base64url");
    jwt.signature = *sig;

    jwt.signing_input = std::string(token.substr(0, second));
    return jwt;
}

std::string key_id(const Jwt& jwt) {
    return jwt.header.get_string("kid").value_or("");
}

Result<void> verify_rs256(const Jwt& jwt, const json::Json& jwks) {
    if (jwt.header.get_string("alg").value_or("") != "RS256") {
        return refused("id token alg is not RS256");
    }

    auto jwk = find_key(jwks, key_id(jwt));
    if (!jwk) {
        return unexpected(ErrorCode::not_found,
                          "the identity provider's signing key is unknown",
                          "no jwk with kid " + key_id(jwt));
    }

    auto key = rsa_key_from(*jwk);
    if (!key) return unexpected(key.error());

    MdCtx md(EVP_MD_CTX_new());
    if (!md || EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr,
                                    key->get()) != 1) {
        return refused("cannot start signature check");
    }

    const auto* sig =
        reinterpret_cast<const unsigned char*>(jwt.signature.data());
    const auto* data =
        reinterpret_cast<const unsigned char*>(jwt.signing_input.data());
    if (EVP_DigestVerify(md.get(), sig, jwt.signature.size(), data,
                         jwt.signing_input.size()) != 1) {
        return refused("id token signature does not verify");
    }
    return {};
}

}  // namespace cc::sso
