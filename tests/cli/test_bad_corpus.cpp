// The bad-input corpus of tests/data/bad: one parameterised test runs every
// case of tests/data/bad/cases.tsv through the lifecircle binary and checks
//   - no crash: the exit status is exactly the expected one (2 = error, 0 = a
//     documented repair or a positive case),
//   - status 2: every fragment in stderr (file, layer, feature and field where
//     they apply), "lifecircle: error: ", nothing on stdout, and neither the
//     output folder nor a ".out.tmp-" folder left behind,
//   - status 0: every fragment in stdout + stderr + the output files (so a
//     repair's warning must be in summary.json); "!fragment" must be absent.
//
// cases.tsv columns (tab-separated; '#' starts a comment line):
//   name  status  fragments (separated by " | ")  arguments (separated by spaces)
// Placeholders in the arguments:
//   {bad}      tests/data/bad            {base}  tests/data/bad/base (the good town)
//   {tmp}      a fresh folder per case   {out}   {tmp}/out
//   {outfile}  {tmp}/outfile, created as a regular file before the run
//   {fullfs}   a 16 KiB tmpfs mounted for the case (skipped with a message
//              where mounting is not allowed, i.e. not root; CI runs as root)
// The corpus complements the hand-written cases of test_bad_input_cli.cpp.
#include "cli_runner.hpp"

#include <gtest/gtest.h>

#include <sys/mount.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path k_bad_dir = fs::path(LC_TEST_DATA_DIR) / "bad";

struct CorpusCase {
    std::string name;
    int status = 2;
    std::vector<std::string> fragments;
    std::vector<std::string> args;
    int line = 0;
};

std::vector<std::string> split(const std::string& s, const std::string& sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const auto pos = s.find(sep, start);
        std::string part = s.substr(start, pos == std::string::npos ? std::string::npos : pos - start);
        const auto b = part.find_first_not_of(' ');
        const auto e = part.find_last_not_of(' ');
        if (b != std::string::npos) out.push_back(part.substr(b, e - b + 1));
        if (pos == std::string::npos) break;
        start = pos + sep.size();
    }
    return out;
}

std::vector<CorpusCase> load_cases() {
    std::vector<CorpusCase> cases;
    std::ifstream in(k_bad_dir / "cases.tsv");
    std::string line;
    int no = 0;
    while (std::getline(in, line)) {
        ++no;
        if (line.empty() || line[0] == '#') continue;
        const auto cols = split(line, "\t");
        if (cols.size() != 4) throw std::runtime_error("cases.tsv line " + std::to_string(no) + ": expected 4 columns");
        CorpusCase c;
        c.name = cols[0];
        c.status = std::stoi(cols[1]);
        c.fragments = split(cols[2], " | ");
        c.args = split(cols[3], " ");
        c.line = no;
        cases.push_back(std::move(c));
    }
    return cases;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) s.replace(pos, from.size(), to);
    return s;
}

/// Entries of `dir` whose names start with `prefix`.
std::vector<std::string> entries_starting(const fs::path& dir, const std::string& prefix) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string n = e.path().filename().string();
        if (n.rfind(prefix, 0) == 0) out.push_back(n);
    }
    return out;
}

/// A per-case temporary folder; unmounts a tmpfs mounted below it.
class CaseDir {
public:
    explicit CaseDir(const std::string& name)
        : m_path(fs::temp_directory_path() / ("lc_bad_" + name + "_" + std::to_string(::getpid()))) {
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }
    ~CaseDir() {
        if (m_mounted) ::umount(m_fullfs.c_str());
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    CaseDir(const CaseDir&) = delete;
    CaseDir& operator=(const CaseDir&) = delete;
    [[nodiscard]] const fs::path& path() const { return m_path; }

    /// Mounts a 16 KiB tmpfs at {tmp}/fullfs; empty string with the reason when it cannot.
    std::string mount_full_fs() {
        m_fullfs = m_path / "fullfs";
        fs::create_directories(m_fullfs);
        if (::mount("tmpfs", m_fullfs.c_str(), "tmpfs", 0, "size=16k,mode=0777") != 0) {
            return std::string("cannot mount a 16 KiB tmpfs (") + std::strerror(errno) +
                   "); the full-disk case needs root (CI runs it)";
        }
        m_mounted = true;
        return {};
    }
    [[nodiscard]] const fs::path& fullfs() const { return m_fullfs; }

private:
    fs::path m_path;
    fs::path m_fullfs;
    bool m_mounted = false;
};

class BadCorpus : public ::testing::TestWithParam<CorpusCase> {};

TEST_P(BadCorpus, FailsCleanly) {
    const CorpusCase& c = GetParam();
    SCOPED_TRACE("tests/data/bad/cases.tsv line " + std::to_string(c.line) + ": " + c.name);
    CaseDir dir(c.name);
    const fs::path out = dir.path() / "out";
    fs::path out_parent = dir.path();
    std::vector<std::string> args;
    bool uses_out = false;
    for (const auto& a : c.args) {
        if (contains(a, "{fullfs}")) {
            const auto why = dir.mount_full_fs();
            if (!why.empty()) GTEST_SKIP() << why;
            out_parent = dir.fullfs();
        }
        if (contains(a, "{outfile}")) { std::ofstream(dir.path() / "outfile") << "not a folder\n"; }
        if (contains(a, "{out}")) uses_out = true;
        std::string s = a;
        s = replace_all(s, "{base}", (k_bad_dir / "base").string());
        s = replace_all(s, "{bad}", k_bad_dir.string());
        s = replace_all(s, "{out}", out.string());
        s = replace_all(s, "{outfile}", (dir.path() / "outfile").string());
        s = replace_all(s, "{fullfs}", dir.fullfs().string());
        s = replace_all(s, "{tmp}", dir.path().string());
        args.push_back(s);
    }
    const auto r = lc::test::run_cli(args);

    ASSERT_TRUE(r.status == 0 || r.status == 2) << "crash or unexpected status " << r.status << "\n" << r.err;
    EXPECT_EQ(r.status, c.status) << r.out << r.err;
    if (c.status == 2) {
        for (const auto& f : c.fragments) EXPECT_TRUE(contains(r.err, f)) << "missing '" << f << "' in: " << r.err;
        EXPECT_TRUE(contains(r.err, "lifecircle: error: ")) << r.err;
        EXPECT_TRUE(r.out.empty()) << r.out;
        EXPECT_FALSE(fs::exists(out)) << "output folder left behind";
        EXPECT_FALSE(fs::exists(out_parent / "out")) << "output folder left behind";
    } else {
        std::string all = r.out + r.err;
        if (uses_out) {
            EXPECT_TRUE(fs::exists(out / "summary.json")) << r.err;
            std::error_code ec;
            for (const auto& e : fs::directory_iterator(out, ec)) all += lc::test::slurp(e.path());
        }
        for (const auto& f : c.fragments) {
            if (!f.empty() && f[0] == '!') {
                EXPECT_FALSE(contains(all, f.substr(1))) << "unexpected '" << f.substr(1) << "'";
            } else {
                EXPECT_TRUE(contains(all, f)) << "missing '" << f << "' in the output (stderr: " << r.err << ")";
            }
        }
    }
    EXPECT_TRUE(entries_starting(out_parent, ".out.").empty()) << "temporary folder left behind";
    EXPECT_TRUE(entries_starting(dir.path(), ".out.").empty()) << "temporary folder left behind";
}

// gtest prints a parameter with PrintTo: the case's name, not the struct's raw bytes.
void PrintTo(const CorpusCase& c, std::ostream* os) { *os << c.name << " (cases.tsv line " << c.line << ")"; }

std::string case_name(const ::testing::TestParamInfo<CorpusCase>& info) {
    std::string n = info.param.name;
    for (auto& ch : n) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    }
    return n;
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadCorpus, ::testing::ValuesIn(load_cases()), case_name);

// The corpus keeps its promise of at least 30 broken inputs.
TEST(BadCorpusManifest, HasAtLeastThirtyCases) {
    const auto cases = load_cases();
    EXPECT_GE(cases.size(), 30U);
    std::set<std::string> names;
    for (const auto& c : cases) EXPECT_TRUE(names.insert(c.name).second) << "duplicate case " << c.name;
}

}  // namespace
