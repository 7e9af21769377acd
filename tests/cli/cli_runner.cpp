#include "cli_runner.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace lc::test {

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::filesystem::path fresh_dir(const std::string& prefix, const std::string& name) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("lc_" + prefix + "_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

CliProcess start_cli(const std::vector<std::string>& args, const std::string& cwd) {
    namespace fs = std::filesystem;
    static int counter = 0;
    CliProcess p;
    p.dir = fs::temp_directory_path() / ("lc_cli_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(p.dir);
    const fs::path out = p.dir / "out.txt";
    const fs::path err = p.dir / "err.txt";

    std::vector<std::string> argv_s{LC_CLI_PATH};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("cannot start " + argv_s[0]);
    p.pid = pid;
    return p;
}

CliResult finish_cli(const CliProcess& p, bool* killed) {
    int wstatus = 0;
    waitpid(p.pid, &wstatus, 0);
    CliResult r;
    r.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    if (killed) *killed = WIFSIGNALED(wstatus);
    r.out = slurp(p.dir / "out.txt");
    r.err = slurp(p.dir / "err.txt");
    std::filesystem::remove_all(p.dir);
    return r;
}

CliResult run_cli(const std::vector<std::string>& args, const std::string& cwd) {
    return finish_cli(start_cli(args, cwd));
}

bool demo_present() { return std::filesystem::exists(std::filesystem::path(LC_TEST_SOURCE_DIR) / "datasets/demo/estates.geojson"); }

}  // namespace lc::test
