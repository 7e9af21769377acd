#include "standards/data_dir.hpp"

#include <cstdlib>
#include <system_error>

#ifndef LC_DATA_FROM_BIN
#define LC_DATA_FROM_BIN "../share/lifecircle"  // GNUInstallDirs' default; CMake sets it from bin and datadir
#endif

namespace lc::app {
namespace {

const char* env_value(const char* name) {
    const char* v = name == nullptr ? nullptr : std::getenv(name);
    return v != nullptr && *v != '\0' ? v : nullptr;
}

}  // namespace

std::filesystem::path data_dir() {
    if (const char* env = env_value("LIFECIRCLE_DATA")) return env;
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) return {};
    return (exe.parent_path() / LC_DATA_FROM_BIN).lexically_normal();
}

std::filesystem::path data_subdir(std::string_view name, const char* env_var) {
    if (const char* env = env_value(env_var)) return env;
    const auto base = data_dir();
    if (base.empty()) return {};
    const auto dir = base / name;
    std::error_code ec;
    auto resolved = std::filesystem::weakly_canonical(dir, ec);
    return ec ? dir : resolved;
}

}  // namespace lc::app
