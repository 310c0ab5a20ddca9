// SHA-256 through OpenSSL's EVP interface and CRYPTO_memcmp.
#include "auth/digest.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace cc::auth {

std::string sha256_hex(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);

    static const char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2);
    for (unsigned int i = 0; i < len; i++) {
        out += kHex[md[i] >> 4];
        out += kHex[md[i] & 15];
    }
    return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;

    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace cc::auth
