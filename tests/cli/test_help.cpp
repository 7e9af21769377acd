// Every command answers --help with exit 0 and a usage text naming it.
#include "cli_runner.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

class HelpTest : public ::testing::TestWithParam<const char*> {};

TEST_P(HelpTest, AnswersHelp) {
    const auto r = lc::test::run_cli({GetParam(), "--help"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find(GetParam()), std::string::npos) << r.out;
    EXPECT_TRUE(r.err.empty()) << r.err;
}

INSTANTIATE_TEST_SUITE_P(Commands, HelpTest,
                         ::testing::Values("plan", "audit", "coverage", "optimize", "check-estate", "profiles", "init",
                                           "batch"),
                         [](const auto& param) {
                             std::string n = param.param;
                             std::replace(n.begin(), n.end(), '-', '_');
                             return n;
                         });

TEST(Cli, TopLevelHelpListsCommands) {
    const auto r = lc::test::run_cli({"--help"});
    EXPECT_EQ(r.status, 0);
    for (const char* c : {"plan", "audit", "coverage", "optimize", "check-estate", "profiles", "init", "batch"}) {
        EXPECT_NE(r.out.find(c), std::string::npos) << c;
    }
}

TEST(Cli, UnknownOptionIsExit2) {
    const auto r = lc::test::run_cli({"audit", "--no-such-option"});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("no-such-option"), std::string::npos) << r.err;
}

// No arguments at all: the overview of the commands, as --help gives it (issue 14).
TEST(Cli, NoArgumentsPrintsHelp) {
    const auto r = lc::test::run_cli({});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, lc::test::run_cli({"--help"}).out);
    EXPECT_TRUE(r.err.empty()) << r.err;
}

// Options but no command is still an error.
TEST(Cli, NoCommandIsExit2) {
    const auto r = lc::test::run_cli({"--quiet"});
    EXPECT_EQ(r.status, 2);
}
