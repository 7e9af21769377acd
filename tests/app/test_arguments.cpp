// Checked command-line values: the number parser behind every numeric option
// (pipeline/number_arg.hpp), the field-role table behind --field
// (pipeline/field_roles.hpp), the "did you mean" suggestion (lc/suggest.hpp),
// --encoding and CoverageConfig::validate for library users. Expected messages
// follow the form "FLAG VALUE: must be DESCRIPTION" of the CLI contract.
#include "lc/error.hpp"
#include "lc/suggest.hpp"
#include "pipeline/config.hpp"
#include "pipeline/field_roles.hpp"
#include "pipeline/number_arg.hpp"
#include "pipeline/plan.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

using lc::app::NumberRange;
using lc::app::parse_number_arg;

namespace {

/// The ArgumentError text of `f()`, or "" when it does not throw one.
template <class F>
std::string error_of(F f) {
    try {
        f();
    } catch (const lc::ArgumentError& e) {
        return e.what();
    }
    return {};
}

std::string number_error(const std::string& flag, const std::string& text, const NumberRange& r) {
    return error_of([&] { (void)parse_number_arg(flag, text, r); });
}

}  // namespace

TEST(NumberArg, AcceptsFiniteValuesInRange) {
    EXPECT_DOUBLE_EQ(static_cast<double>(parse_number_arg("--radius", "1000", NumberRange::positive())), 1000.0);
    EXPECT_DOUBLE_EQ(static_cast<double>(parse_number_arg("--radius", "2.5e2", NumberRange::positive())), 250.0);
    EXPECT_DOUBLE_EQ(static_cast<double>(parse_number_arg("--max-snap", "0", NumberRange::non_negative())), 0.0);
    EXPECT_DOUBLE_EQ(static_cast<double>(parse_number_arg("--target", "1", NumberRange::share())), 1.0);
    EXPECT_EQ(parse_number_arg("--year", "2035", NumberRange::whole_between(1990, 2100)), 2035.0L);
    // 2^64 - 1 is exact in long double: the largest --seed.
    EXPECT_EQ(parse_number_arg("--seed", "18446744073709551615",
                               NumberRange::whole_between(0, static_cast<long double>(std::numeric_limits<std::uint64_t>::max()))),
              static_cast<long double>(std::numeric_limits<std::uint64_t>::max()));
}

TEST(NumberArg, RefusesNonFiniteWithFlagAndValue) {
    // The example message, verbatim.
    EXPECT_EQ(number_error("--radius", "nan", NumberRange::positive()), "--radius nan: must be a finite number > 0");
    EXPECT_EQ(number_error("--radius", "inf", NumberRange::positive()), "--radius inf: must be a finite number > 0");
    EXPECT_EQ(number_error("--radius", "-inf", NumberRange::positive()), "--radius -inf: must be a finite number > 0");
    // 1e400 overflows a double (largest about 1.8e308).
    EXPECT_EQ(number_error("--speed", "1e400", NumberRange::positive()), "--speed 1e400: must be a finite number > 0");
    EXPECT_EQ(number_error("--speed", "fast", NumberRange::positive()), "--speed fast: must be a finite number > 0");
    EXPECT_EQ(number_error("--speed", "1.2m", NumberRange::positive()), "--speed 1.2m: must be a finite number > 0");
    EXPECT_EQ(number_error("--speed", "", NumberRange::positive()), "--speed '': must be a finite number > 0");
}

TEST(NumberArg, RefusesOutOfRange) {
    EXPECT_EQ(number_error("--radius", "0", NumberRange::positive()), "--radius 0: must be a finite number > 0");
    EXPECT_EQ(number_error("--max-snap", "-1", NumberRange::non_negative()),
              "--max-snap -1: must be a finite number >= 0");
    EXPECT_EQ(number_error("--target", "1.5", NumberRange::share()), "--target 1.5: must be a finite number > 0 and <= 1");
    EXPECT_EQ(number_error("--target", "0", NumberRange::share()), "--target 0: must be a finite number > 0 and <= 1");
    const NumberRange growth{.min = -1, .max = 1, .min_open = true};
    EXPECT_EQ(number_error("--elderly-growth", "-1", growth), "--elderly-growth -1: must be a finite number > -1 and <= 1");
}

TEST(NumberArg, WholeNumbersRefuseFractionsAndOverflow) {
    const auto years = NumberRange::whole_between(1990, 2100);
    EXPECT_EQ(number_error("--year", "99999999999", years), "--year 99999999999: must be a whole number in 1990..2100");
    EXPECT_EQ(number_error("--year", "2025.5", years), "--year 2025.5: must be a whole number in 1990..2100");
    EXPECT_EQ(number_error("--year", "2e3", years), "--year 2e3: must be a whole number in 1990..2100");
    const auto count = NumberRange::whole_at_least(0);
    EXPECT_EQ(number_error("--p", "-1", count), "--p -1: must be a whole number >= 0");
    EXPECT_EQ(number_error("--p", "2.5", count), "--p 2.5: must be a whole number >= 0");
    EXPECT_EQ(number_error("--p", "-", count), "--p -: must be a whole number >= 0");
}

TEST(NumberArg, CheckValueUsesTheSameMessage) {
    EXPECT_NO_THROW(lc::app::check_number_value("--radius", 1000.0, NumberRange::positive()));
    EXPECT_EQ(error_of([] { lc::app::check_number_value("--radius", std::nan(""), NumberRange::positive()); }),
              "--radius nan: must be a finite number > 0");
    EXPECT_EQ(error_of([] {
                  lc::app::check_number_value("--service-buffer", std::numeric_limits<double>::infinity(),
                                              NumberRange::positive());
              }),
              "--service-buffer inf: must be a finite number > 0");
}

TEST(CoverageConfigValidate, RefusesNonFiniteValuesOfALibraryUser) {
    lc::app::CoverageConfig cov;
    EXPECT_NO_THROW(cov.validate());  // the defaults: max_snap 300, service_buffer 100
    cov.minutes = std::nan("");
    EXPECT_NE(error_of([&] { cov.validate(); }).find("--minutes nan"), std::string::npos);
    cov.minutes.reset();
    cov.thresholds = {720, std::numeric_limits<double>::infinity()};
    EXPECT_NE(error_of([&] { cov.validate(); }).find("--thresholds inf"), std::string::npos);
    cov.thresholds.clear();
    cov.max_snap = -1;
    EXPECT_NE(error_of([&] { cov.validate(); }).find("--max-snap -1: must be a finite number >= 0"), std::string::npos);
}

// grid_candidates stepped x0 + i * NaN forever: a library caller now gets the flag error.
TEST(GridCandidates, RefusesNonFiniteSpacing) {
    const lc::app::City empty;
    EXPECT_EQ(error_of([&] { (void)lc::app::grid_candidates(empty, std::nan("")); }),
              "--candidate-spacing nan: must be a finite number > 0");
    EXPECT_EQ(error_of([&] { (void)lc::app::grid_candidates(empty, std::numeric_limits<double>::infinity()); }),
              "--candidate-spacing inf: must be a finite number > 0");
    EXPECT_TRUE(lc::app::grid_candidates(empty, 200.0).empty());  // no estates, no grid
}

TEST(Suggest, EditDistanceKnownAnswers) {
    // Worked by hand: one substitution, one insertion, a transposition (= 2 edits), all of a word.
    EXPECT_EQ(lc::edit_distance("beds", "bads"), 1U);
    EXPECT_EQ(lc::edit_distance("elderly", "elderlyy"), 1U);
    EXPECT_EQ(lc::edit_distance("elderyl", "elderly"), 2U);
    EXPECT_EQ(lc::edit_distance("", "id"), 2U);
    EXPECT_EQ(lc::edit_distance("kitten", "sitting"), 3U);
}

TEST(Suggest, ClosestWordOnlyForTypos) {
    const std::vector<std::string> roles{"id", "households", "population", "elderly", "name"};
    EXPECT_EQ(lc::closest_word("elderyl", roles), "elderly");
    EXPECT_EQ(lc::closest_word("houshold", roles), "households");  // 2 deletions
    EXPECT_EQ(lc::closest_word("nonsense", roles), "");            // no role within 2 edits
}

TEST(FieldRoles, TypoSuggestsTheRoleAndListsTheLayersRoles) {
    const std::string msg = error_of([] { (void)lc::app::parse_field_arg("estates.elderyl=老年人口"); });
    EXPECT_NE(msg.find("--field estates.elderyl=老年人口"), std::string::npos) << msg;
    EXPECT_NE(msg.find("did you mean 'elderly'?"), std::string::npos) << msg;
    EXPECT_NE(msg.find("roles of estates: id, households, population, elderly"), std::string::npos) << msg;
}

TEST(FieldRoles, RoleOfAnotherLayerNamesThatLayer) {
    const std::string msg = error_of([] { (void)lc::app::parse_field_arg("districts.beds=population"); });
    EXPECT_NE(msg.find("districts has no field role 'beds'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("'beds' is a role of facilities"), std::string::npos) << msg;
}

TEST(FieldRoles, RoleWithoutLayerMustBelongToSomeLayer) {
    const auto ok = lc::app::parse_field_arg("beds=床位");
    EXPECT_EQ(ok.layer, "");
    EXPECT_EQ(ok.role, "beds");
    EXPECT_EQ(ok.name, "床位");
    const std::string msg = error_of([] { (void)lc::app::parse_field_arg("nonsense=id"); });
    EXPECT_NE(msg.find("no layer has a field role 'nonsense'"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("did you mean"), std::string::npos) << msg;
}

TEST(FieldRoles, UnknownLayerSuggestsOne) {
    const std::string msg = error_of([] { (void)lc::app::parse_field_arg("estate.id=编号"); });
    EXPECT_NE(msg.find("unknown layer 'estate'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("did you mean 'estates'?"), std::string::npos) << msg;
}

TEST(FieldRoles, FieldForRefusesARoleMissingFromTheTable) {
    // The guard that keeps the table complete: a reader asking for a role the
    // table does not list is a programming error, not a silent default.
    lc::app::InputConfig in;
    EXPECT_EQ(in.field_for("estates", "elderly"), "elderly");
    EXPECT_THROW((void)in.field_for("estates", "beds"), std::logic_error);
    in.field_args = {"estates.elderly=老年人口", "name=名称"};
    in.validate();
    EXPECT_EQ(in.field_for("estates", "elderly"), "老年人口");
    EXPECT_EQ(in.field_for("facilities", "name"), "名称");  // ROLE=NAME maps every layer having it
}

TEST(Encoding, IconvNamesAcceptedOthersListed) {
    for (const char* e : {"GBK", "GB18030", "CP936", "BIG5", "UTF-8", "ISO-8859-1", "CP1252"}) {
        EXPECT_NO_THROW(lc::app::check_encoding(e)) << e;
    }
    const std::string msg = error_of([] { lc::app::check_encoding("KLINGON"); });
    EXPECT_NE(msg.find("--encoding KLINGON: unknown encoding"), std::string::npos) << msg;
    EXPECT_NE(msg.find("GB18030"), std::string::npos) << msg;
}
