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

/// A lifecircle process started by start_cli and not yet waited for.
struct CliProcess {
    int pid = -1;
    std::filesystem::path dir;  ///< holds its stdout and stderr
};
/// Starts LC_CLI_PATH with `args` (no shell) without waiting for it.
CliProcess start_cli(const std::vector<std::string>& args, const std::string& cwd = {});
/// Waits for `p`; status is the exit status, or 128 + the signal that killed it
/// (then `killed` is set: a process that exits with 128 + N is told apart).
CliResult finish_cli(const CliProcess& p, bool* killed = nullptr);

/// The whole file as bytes ("" when it cannot be read).
std::string slurp(const std::filesystem::path& p);

/// True when the embedded demo city is in the source tree (datasets/demo).
bool demo_present();

/// An empty folder `<tmp>/lc_<prefix>_<name>_<pid>` (emptied when it exists).
std::filesystem::path fresh_dir(const std::string& prefix, const std::string& name);

}  // namespace lc::test
