// Pins the peer's leaf certificate from an SSL_CTX callback, so no request
// byte (and no credential) leaves before the certificate matched.
#include "proxmox/tls_pin.h"

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace cc::proxmox {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

int app_index() {
    static int index =
        SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

std::string hex_of(const unsigned char* bytes, unsigned int size) {
    std::string out;

    for (unsigned int i = 0; i < size; i++) {
        out += kHex[bytes[i] >> 4];
        out += kHex[bytes[i] & 0x0f];
    }
    return out;
}

// Only the leaf matters: a pinned certificate needs no chain, and every
// depth above it is accepted because the leaf decides.
int verify_leaf(int /*preverified*/, X509_STORE_CTX* store) {
    if (X509_STORE_CTX_get_error_depth(store) != 0) return 1;

    auto* ssl = static_cast<SSL*>(X509_STORE_CTX_get_ex_data(
        store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    X509* cert = X509_STORE_CTX_get_current_cert(store);
    if (!ssl || !cert) return 0;

    auto* pin = static_cast<const std::string*>(
        SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), app_index()));
    if (!pin) return 0;

    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (X509_digest(cert, EVP_sha256(), digest, &size) != 1) return 0;

    bool matches = hex_of(digest, size) == *pin;
    if (!matches) X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);

    return matches ? 1 : 0;
}

CURLcode setup_context(CURL* /*handle*/, void* ctx, void* pin) {
    auto* ssl_ctx = static_cast<SSL_CTX*>(ctx);

    SSL_CTX_set_ex_data(ssl_ctx, app_index(), pin);

    SSL_CTX_set_verify(ssl_ctx, SSL_VERIFY_PEER, verify_leaf);
    return CURLE_OK;
}

}  // namespace

Result<std::string> normalise_fingerprint(std::string_view text) {
    std::string out;

    for (char c : text) {
        if (c == ':') continue;

        if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
        bool hex = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
        if (!hex) {
            return unexpected(ErrorCode::invalid_argument,
                              "the Proxmox fingerprint is not hexadecimal");
        }
        out += c;
    }

    if (out.size() != 64) {
        return unexpected(ErrorCode::invalid_argument,
                          "the Proxmox fingerprint must be a SHA-256 "
                          "(32 bytes)");
    }
    return out;
}

void install_pin(CURL* handle, const std::string& pin) {
    // curl's own chain and host checks are replaced by the exact pin.
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 0L);

    // A resumed session skips the certificate, and with it the pin.
    curl_easy_setopt(handle, CURLOPT_SSL_SESSIONID_CACHE, 0L);

    curl_easy_setopt(handle, CURLOPT_SSL_CTX_FUNCTION, setup_context);
    curl_easy_setopt(handle, CURLOPT_SSL_CTX_DATA,
                     const_cast<std::string*>(&pin));
}

}  // namespace cc::proxmox
