// bcrypt hashes through libcrypt's crypt_r, salts and tokens from OpenSSL's
// random generator.
#include "auth/password.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace cc::auth {
namespace {

// bcrypt's salt is 16 bytes; libcrypt encodes it into the setting.
constexpr int kSaltBytes = 16;

std::vector<unsigned char> random_bytes(size_t count) {
    std::vector<unsigned char> bytes(count);

    if (count > 0 && RAND_bytes(bytes.data(), static_cast<int>(count)) != 1) {
        throw std::runtime_error("OpenSSL RAND_bytes failed");
    }
    return bytes;
}

Result<void> check_password(std::string_view password) {
    if (password.empty()) {
        return unexpected(ErrorCode::invalid_argument, "the password is empty");
    }

    if (password.size() > kMaxPasswordBytes) {
        return unexpected(ErrorCode::invalid_argument,
                          "the password is longer than 72 bytes");
    }

    if (password.find('\0') != std::string_view::npos) {
        return unexpected(ErrorCode::invalid_argument,
                          "the password contains a NUL byte");
    }
    return {};
}

// crypt_r's answer, or "" when it failed (libcrypt then starts with '*').
std::string run_crypt(std::string_view password, const char* setting) {
    auto data = std::make_unique<crypt_data>();
    std::string phrase(password);

    const char* out = crypt_r(phrase.c_str(), setting, data.get());
    if (!out || out[0] == '*') return {};

    return out;
}

}  // namespace

Result<std::string> hash_password(std::string_view password, int cost) {
    auto valid = check_password(password);
    if (!valid) return unexpected(valid.error());

    if (cost < 4 || cost > 31) {
        return unexpected(ErrorCode::invalid_argument,
                          "the bcrypt cost must be between 4 and 31");
    }

    std::vector<unsigned char> salt = random_bytes(kSaltBytes);
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost),
                          reinterpret_cast<const char*>(salt.data()),
                          kSaltBytes, setting, sizeof setting)) {
        return unexpected(
            ErrorCode::internal, "hashing the password failed",
            "crypt_gensalt_rn: " + std::string(std::strerror(errno)));
    }

    std::string hash = run_crypt(password, setting);
    if (hash.empty()) {
        return unexpected(ErrorCode::internal, "hashing the password failed",
                          "crypt_r refused the bcrypt setting");
    }
    return hash;
}

bool verify_password(std::string_view password, const std::string& hash) {
    if (!check_password(password) || !hash.starts_with("$2")) return false;

    std::string computed = run_crypt(password, hash.c_str());

    // Hash lengths are public (bcrypt's is fixed); the bytes are not.
    if (computed.empty() || computed.size() != hash.size()) return false;

    return CRYPTO_memcmp(computed.data(), hash.data(), hash.size()) == 0;
}

std::string random_token(size_t bytes) {
    static const char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    std::vector<unsigned char> raw = random_bytes(bytes);

    // Six bits at a time, high bits first; the last group is zero-padded.
    std::string token;
    uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char byte : raw) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            token += kAlphabet[(buffer >> bits) & 0x3f];
        }
    }

    if (bits > 0) token += kAlphabet[(buffer << (6 - bits)) & 0x3f];
    return token;
}

}  // namespace cc::auth
