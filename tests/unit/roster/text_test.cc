// UTF-8 validation, e-mail normalisation and address checks.
#include "roster/text.h"

#include <gtest/gtest.h>

namespace cc::roster {
namespace {

TEST(RosterText, ValidUtf8HasNoInvalidOffset) {
    EXPECT_FALSE(find_invalid_utf8("plain \xC3\xA9 \xF0\x9F\x98\x80"));
}

TEST(RosterText, OverlongSurrogateAndTruncatedSequencesAreInvalid) {
    EXPECT_EQ(find_invalid_utf8("ab\xC0\xAF"), 2u);
    EXPECT_EQ(find_invalid_utf8("\xED\xA0\x80"), 0u);
    EXPECT_EQ(find_invalid_utf8("x\xE2\x82"), 1u);
    EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);
}

TEST(RosterText, EmailIsTrimmedLowerCasedAndComposed) {
    auto decomposed = normalise_email("  RENE\xCC\x81@Uni.Example ");

    ASSERT_TRUE(decomposed);
    EXPECT_EQ(*decomposed, "ren\xC3\xA9@uni.example");
}

TEST(RosterText, AddressChecksNameTheProblem) {
    EXPECT_FALSE(email_problem("a.b@uni.example"));
    EXPECT_TRUE(email_problem("a b@uni.example"));
    EXPECT_TRUE(email_problem(".a@uni.example"));
    EXPECT_TRUE(email_problem("a@example"));
    EXPECT_TRUE(email_problem(std::string(65, 'a') + "@uni.example"));
}

TEST(RosterText, C1ControlsCountAsControlCharacters) {
    EXPECT_TRUE(has_control_character("a\xC2\x85z"));
    EXPECT_FALSE(has_control_character("\xC3\xA9t\xC3\xA9"));
}

}  // namespace
}  // namespace cc::roster
