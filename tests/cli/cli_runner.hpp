// Runs the lifecircle binary with arguments, capturing stdout, stderr and exit status.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace lc::test {

struct CliResult {
    int status = -1;
    std::string out;
    std::string err;
};

/// Runs LC_CLI_PATH with `args` (no shell), in `cwd` when given.
CliResult run_cli(const std::vector<std::string>& args, const std::string& cwd = {});

/// The whole file as bytes ("" when it cannot be read).
std::string slurp(const std::filesystem::path& p);

/// An empty folder `<tmp>/lc_<prefix>_<name>_<pid>` (emptied when it exists).
std::filesystem::path fresh_dir(const std::string& prefix, const std::string& name);

}  // namespace lc::test
