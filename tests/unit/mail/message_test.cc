// Mail rendering: header injection refused, RFC 2047 names and subjects,
// CRLF bodies, and the outbox's backoff.
#include "mail/message.h"

#include <gtest/gtest.h>

#include "mail/outbox.h"

namespace cc::mail {
namespace {

Message sample() {
    return {{"classcloud@uni.example", "ClassCloud"},
            {"ana@uni.example", "Ana Lima"},
            "Your lab",
            "line one\nline two"};
}

TEST(MailMessage, RendersHeadersAndCrlfBody) {
    auto text = render(sample(), "uni.example");

    ASSERT_TRUE(text) << text.error().message;
    EXPECT_NE(text->find("From: \"ClassCloud\" <classcloud@uni.example>\r\n"),
              std::string::npos);
    EXPECT_NE(text->find("To: \"Ana Lima\" <ana@uni.example>\r\n"),
              std::string::npos);
    EXPECT_NE(text->find("\r\n\r\nline one\r\nline two\r\n"),
              std::string::npos);
    EXPECT_NE(text->find("Content-Type: text/plain; charset=UTF-8"),
              std::string::npos);
}

TEST(MailMessage, LineBreakInAnyHeaderIsRefused) {
    Message name = sample(), subject = sample(), address = sample();
    name.to.name = "Ana\r\nBcc: all@uni.example";
    subject.subject = "Hi\nBcc: all@uni.example";
    address.to.email = "ana@uni.example\r\nBcc: x@y.z";

    EXPECT_FALSE(render(name, "uni.example"));
    EXPECT_FALSE(render(subject, "uni.example"));
    EXPECT_FALSE(render(address, "uni.example"));
}

TEST(MailMessage, NonAsciiDisplayNameIsAnEncodedWord) {
    auto value = format_address({"zoe@uni.example", "Zo\xC3\xAB \xC3\x9Cnal"});

    ASSERT_TRUE(value);
    EXPECT_EQ(*value, "=?UTF-8?B?Wm/DqyDDnG5hbA==?= <zoe@uni.example>");
}

TEST(MailMessage, AsciiNameWithCommaIsQuoted) {
    auto value = format_address({"jd@uni.example", "Doe, \"JD\" Jane"});

    ASSERT_TRUE(value);
    EXPECT_EQ(*value, "\"Doe, \\\"JD\\\" Jane\" <jd@uni.example>");
}

TEST(MailMessage, LongSubjectSplitsIntoWordsOnCharacterBoundaries) {
    std::string subject;
    for (int i = 0; i < 40; i++) subject += "\xC3\xA9";

    std::string encoded = encode_header_text(subject);

    size_t words = 0, at = 0;
    while ((at = encoded.find("=?UTF-8?B?", at)) != std::string::npos) {
        size_t end = encoded.find("?=", at + 10);
        EXPECT_LE(end + 2 - at, 75u);
        words++;
        at = end;
    }
    EXPECT_EQ(words, 2u);
    EXPECT_NE(encoded.find("\r\n "), std::string::npos);
}

TEST(MailOutbox, BackoffDoublesWithJitterAndStopsAtTheCap) {
    OutboxConfig config;
    config.base_backoff_seconds = 60;
    config.max_backoff_seconds = 600;

    int first = backoff_seconds(config, 1);
    int third = backoff_seconds(config, 3);
    int tenth = backoff_seconds(config, 10);

    EXPECT_GE(first, 45);
    EXPECT_LE(first, 60);
    EXPECT_GE(third, 180);
    EXPECT_LE(third, 240);
    EXPECT_GE(tenth, 450);
    EXPECT_LE(tenth, 600);
}

}  // namespace
}  // namespace cc::mail
