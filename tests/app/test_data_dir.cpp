// Where the program finds its data (standards/data_dir.hpp, docs/install.md):
// BIN/../share/lifecircle beside the executable, LIFECIRCLE_DATA instead, and
// LIFECIRCLE_PROFILES / LIFECIRCLE_DEMO for one folder; an empty variable is unset.
#include "pipeline/run.hpp"
#include "standards/data_dir.hpp"
#include "standards/profile.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

namespace fs = std::filesystem;

namespace {

/// Sets (or, with nullopt, unsets) one environment variable for a scope, then restores it.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::optional<std::string>& value) : m_name(name) {
        if (const char* old = std::getenv(name)) m_old = old;
        if (value) {
            ::setenv(name, value->c_str(), 1);
        } else {
            ::unsetenv(name);
        }
    }
    ~ScopedEnv() {
        if (m_old) {
            ::setenv(m_name, m_old->c_str(), 1);
        } else {
            ::unsetenv(m_name);
        }
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* m_name;
    std::optional<std::string> m_old;
};

/// A clean environment for the rule: none of the three variables set.
struct NoDataEnv {
    ScopedEnv data{"LIFECIRCLE_DATA", std::nullopt};
    ScopedEnv profiles{"LIFECIRCLE_PROFILES", std::nullopt};
    ScopedEnv demo{"LIFECIRCLE_DEMO", std::nullopt};
};

fs::path make_temp_dir(const std::string& name) {
    const auto dir = fs::temp_directory_path() / ("lc_data_dir_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "profiles");
    fs::create_directories(dir / "demo");
    return fs::canonical(dir);
}

}  // namespace

// This test binary is build/tests/test_app: BIN/../share/lifecircle is
// build/share/lifecircle, whose profiles and demo CMake links to the source's
// datasets/, and the links are resolved.
TEST(DataDir, BesideTheExecutable) {
    const NoDataEnv env;
    const fs::path expected = fs::weakly_canonical(fs::path{LC_TEST_BINARY_DIR} / ".." / "share" / "lifecircle");
    EXPECT_EQ(lc::app::data_dir(), expected);
    EXPECT_EQ(lc::app::profiles_dir(), fs::canonical(fs::path{LC_TEST_SOURCE_DIR} / "datasets" / "profiles"));
    EXPECT_TRUE(fs::exists(lc::app::profiles_dir() / "national.toml"));
}

TEST(DataDir, DataVariableMovesBothFolders) {
    const NoDataEnv env;
    const auto dir = make_temp_dir("data");
    const ScopedEnv data("LIFECIRCLE_DATA", dir.string());
    EXPECT_EQ(lc::app::data_dir(), dir);
    EXPECT_EQ(lc::app::profiles_dir(), dir / "profiles");
    // The temporary folder is not below the working directory (build/tests), so
    // the demo's path stays absolute.
    EXPECT_EQ(lc::app::demo_dir(), dir / "demo");
    fs::remove_all(dir);
}

TEST(DataDir, OneFolderVariableWinsOverData) {
    const NoDataEnv env;
    const auto dir = make_temp_dir("one");
    const ScopedEnv data("LIFECIRCLE_DATA", (dir / "elsewhere").string());
    const ScopedEnv profiles("LIFECIRCLE_PROFILES", (dir / "profiles").string());
    EXPECT_EQ(lc::app::profiles_dir(), dir / "profiles");
    EXPECT_EQ(lc::app::data_subdir("demo", "LIFECIRCLE_DEMO"), dir / "elsewhere" / "demo");
    fs::remove_all(dir);
}

TEST(DataDir, EmptyVariableIsUnset) {
    const NoDataEnv env;
    const ScopedEnv data("LIFECIRCLE_DATA", std::string{});
    const ScopedEnv profiles("LIFECIRCLE_PROFILES", std::string{});
    EXPECT_EQ(lc::app::data_dir(), fs::weakly_canonical(fs::path{LC_TEST_BINARY_DIR} / ".." / "share" / "lifecircle"));
    EXPECT_EQ(lc::app::profiles_dir(), fs::canonical(fs::path{LC_TEST_SOURCE_DIR} / "datasets" / "profiles"));
}

// Without a demo the message says where it looked and what to set.
TEST(DataDir, MissingDemoHintNamesTheFolder) {
    const NoDataEnv env;
    const auto dir = make_temp_dir("hint");
    const ScopedEnv demo("LIFECIRCLE_DEMO", (dir / "nodemo").string());
    EXPECT_EQ(lc::app::demo_missing_hint(),
              "no " + (dir / "nodemo" / "estates.geojson").string() + "; LIFECIRCLE_DEMO or LIFECIRCLE_DATA name another folder");
    lc::app::InputConfig input;
    EXPECT_FALSE(lc::app::use_demo_inputs(input));
    fs::remove_all(dir);
}
