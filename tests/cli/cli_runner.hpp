// Runs the lifecircle binary with arguments, capturing stdout, stderr and exit status.
#pragma once

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

}  // namespace lc::test
