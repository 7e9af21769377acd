// OutputDir: an output folder written atomically, that replaces only what
// lifecircle wrote (docs/hardening.md, "Output folders").
#include "lc/error.hpp"
#include "lc/geo/io.hpp"
#include "lc/geo/temp_registry.hpp"

#include <signal.h>  // kill
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <set>
#include <system_error>

namespace lc::geo {
namespace {
namespace fs = std::filesystem;

constexpr std::string_view k_manifest_tag = "# lifecircle manifest";  ///< how its first line starts
constexpr std::string_view k_manifest_head =
    "# lifecircle manifest: the files one lifecircle run wrote into this folder. A later run into this "
    "folder replaces it only while it holds nothing but these files.";
constexpr std::size_t k_named_foreign = 3;  ///< foreign files named in a message; the rest are counted

// ".NAME.SUFFIX-PID" beside the output folder (built with += to dodge GCC 12's
// false -Wrestrict positive on "literal" + std::string).
fs::path hidden_sibling(const fs::path& dir, const char* suffix) {
    std::string name = ".";
    name += dir.filename().string();
    name += suffix;
    name += std::to_string(::getpid());
    return dir.parent_path() / name;
}

/// Every entry under `dir`, relative and with '/' separators, sorted; folders
/// end in '/'. The manifest itself is left out.
std::vector<std::string> folder_entries(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::string rel = it->path().lexically_relative(dir).generic_string();
        if (rel == k_manifest_name) continue;
        if (it->is_directory(ec) && !it->is_symlink(ec)) rel += '/';
        out.push_back(std::move(rel));
    }
    if (ec) throw OutputError("output: cannot list " + dir.string() + " (" + ec.message() + ")");
    std::sort(out.begin(), out.end());
    return out;
}

/// The files listed in `dir`'s manifest (none without one).
std::set<std::string> read_manifest(const fs::path& dir) {
    std::set<std::string> files;
    std::ifstream in(dir / k_manifest_name, std::ios::binary);
    std::string line;
    if (!std::getline(in, line) || line.rfind(k_manifest_tag, 0) != 0) return files;
    while (std::getline(in, line)) {
        if (!line.empty()) files.insert(line);
    }
    return files;
}

/// The entries of `dir` its manifest does not account for: files not listed,
/// folders holding no listed file (named once, without their contents).
std::vector<std::string> foreign_entries(const fs::path& dir) {
    const std::set<std::string> listed = read_manifest(dir);
    std::vector<std::string> foreign;
    for (const auto& e : folder_entries(dir)) {
        const bool folder = e.back() == '/';
        const auto it = listed.lower_bound(e);
        const bool known = folder ? it != listed.end() && it->rfind(e, 0) == 0 : it != listed.end() && *it == e;
        const bool in_foreign_folder = !foreign.empty() && foreign.back().back() == '/' && e.rfind(foreign.back(), 0) == 0;
        if (!known && !in_foreign_folder) foreign.push_back(e);  // a foreign folder is named once, not its files
    }
    return foreign;
}

/// "a, b, c and 4 more".
std::string name_some(const std::vector<std::string>& entries) {
    std::string text;
    for (std::size_t i = 0; i < entries.size() && i < k_named_foreign; ++i) text += (i ? ", " : "") + entries[i];
    if (entries.size() > k_named_foreign) text += " and " + std::to_string(entries.size() - k_named_foreign) + " more";
    return text;
}

[[noreturn]] void refuse_foreign(const fs::path& dir, const std::vector<std::string>& foreign, const std::string& when) {
    const bool has_manifest = fs::exists(dir / k_manifest_name);
    throw OutputError("output: --out " + dir.string() + when + " holds " + name_some(foreign) +
                      (has_manifest ? ", not written by lifecircle (not in its " + std::string(k_manifest_name) + ")"
                                    : " and is not a lifecircle output folder (no " + std::string(k_manifest_name) + ")") +
                      "; lifecircle replaces only what it wrote: choose a new or empty folder");
}

bool is_within(const fs::path& path, const fs::path& dir) {
    const auto [d, p] = std::mismatch(dir.begin(), dir.end(), path.begin(), path.end());
    return d == dir.end();
}

/// Throws when `dir` is, or holds, one of the inputs (real paths compared).
void check_not_an_input(const fs::path& dir, const std::vector<RunInput>& inputs) {
    std::error_code ec;
    fs::path real_dir = fs::weakly_canonical(dir, ec);
    if (ec || real_dir.empty()) real_dir = dir;  // already absolute and normal
    for (const auto& in : inputs) {
        if (in.source.empty() || in.source.rfind("PG:", 0) == 0) continue;
        const fs::path file = parse_source(in.source).path;
        if (!fs::exists(file, ec)) continue;  // nothing there to lose
        const fs::path real = fs::weakly_canonical(file, ec);
        if (ec || !is_within(real, real_dir)) continue;
        throw OutputError("output: --out " + dir.string() + (real == real_dir ? " is " : " holds ") + "the input " +
                          file.string() + " (" + in.flag + "); a run replaces its output folder, so choose one that " +
                          "holds none of the inputs");
    }
}

/// The PID of a `.NAME.tmp-PID` / `.NAME.old-PID` sibling of `dir` whose process is
/// gone (kill(PID, 0) fails with ESRCH); 0 for any other name or a living process.
pid_t dead_owner(const std::string& name, const fs::path& dir, bool& old) {
    const std::string prefix = "." + dir.filename().string() + ".";
    if (name.rfind(prefix, 0) != 0) return 0;
    const std::string rest = name.substr(prefix.size());
    if (rest.size() < 5 || (rest.rfind("tmp-", 0) != 0 && rest.rfind("old-", 0) != 0)) return 0;
    const std::string digits = rest.substr(4);
    if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) return 0;
    const auto pid = static_cast<pid_t>(std::stol(digits));
    if (pid <= 0 || pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) return 0;
    old = rest[0] == 'o';
    return pid;
}

/// Cleans the leftovers of runs into `dir` whose process is gone: a `.tmp-` folder
/// (a partial output) is removed; an `.old-` folder (an earlier output moved aside
/// by a commit that did not finish) becomes `dir` again when `dir` is missing, is
/// removed when it holds only the files of its manifest, and is kept otherwise.
/// One note per folder.
std::vector<std::string> sweep_leftovers(const fs::path& dir) {
    std::vector<std::string> notes;
    std::error_code ec;
    for (fs::directory_iterator it(dir.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
        bool old = false;
        const pid_t pid = dead_owner(it->path().filename().string(), dir, old);
        if (pid == 0) continue;
        const std::string what = it->path().string() + ", left by an interrupted run (process " + std::to_string(pid) + ")";
        std::error_code fs_ec;
        if (old && !fs::exists(dir, fs_ec)) {
            fs::rename(it->path(), dir, fs_ec);
            if (!fs_ec) notes.push_back("restored " + dir.string() + " from " + what);
        } else if (old && !foreign_entries(it->path()).empty()) {
            notes.push_back("kept " + what + ": it holds files lifecircle did not write");
        } else {
            fs::remove_all(it->path(), fs_ec);
            if (!fs_ec) notes.push_back("removed " + what);
        }
    }
    return notes;
}

/// Writes the manifest of everything in `dir` into it.
void write_manifest(const fs::path& dir) {
    std::string text(k_manifest_head);
    text += '\n';
    for (const auto& e : folder_entries(dir)) {
        if (e.back() != '/') text += e + '\n';
    }
    write_text_file(dir / k_manifest_name, text);
}
}  // namespace

OutputDir::OutputDir(fs::path final_dir, const std::vector<RunInput>& inputs) : m_final(std::move(final_dir)) {
    if (m_final.empty()) throw ArgumentError("--out: an output folder is required");
    std::error_code ec;
    m_final = fs::absolute(m_final, ec).lexically_normal();
    if (m_final.has_filename() == false) m_final = m_final.parent_path();
    const fs::path parent = m_final.parent_path();
    if (!fs::is_directory(parent, ec)) {
        throw OutputError("output: the folder " + parent.string() + " (parent of --out) does not exist");
    }
    if (::access(parent.c_str(), W_OK) != 0) {
        throw OutputError("output: cannot write into " + parent.string() + " (permission denied)");
    }
    check_not_an_input(m_final, inputs);
    m_notes = sweep_leftovers(m_final);
    if (fs::exists(m_final, ec)) {
        if (!fs::is_directory(m_final, ec)) {
            throw OutputError("output: --out " + m_final.string() + " exists and is not a folder");
        }
        if (const auto foreign = foreign_entries(m_final); !foreign.empty()) refuse_foreign(m_final, foreign, "");
        if (::access(m_final.c_str(), W_OK) != 0) {
            throw OutputError("output: cannot replace " + m_final.string() + " (permission denied)");
        }
    }
    m_tmp = hidden_sibling(m_final, ".tmp-");
    {
        const TempGuard guard;
        register_temporary(m_tmp, guard);
    }
    fs::remove_all(m_tmp, ec);
    if (!fs::create_directory(m_tmp, ec)) {
        const std::string why = ec.message();
        const TempGuard guard;
        unregister_temporary(m_tmp, guard);
        throw OutputError("output: cannot create " + m_tmp.string() + " (" + why + ")");
    }
}

OutputDir::~OutputDir() {
    if (!m_committed && !m_tmp.empty()) {
        std::error_code ec;
        fs::remove_all(m_tmp, ec);
        const TempGuard guard;
        unregister_temporary(m_tmp, guard);
    }
}

void OutputDir::commit() {
    write_manifest(m_tmp);
    std::error_code ec;
    fs::path old;
    {
        // Held through both renames: an interrupting signal waits, so it never
        // removes a folder that is being moved into place.
        const TempGuard guard;
        if (fs::exists(m_final, ec)) {
            old = hidden_sibling(m_final, ".old-");
            fs::remove_all(old, ec);
            fs::rename(m_final, old, ec);
            if (ec) throw OutputError("output: cannot move the earlier " + m_final.string() + " aside (" + ec.message() + ")");
            // Checked again once aside: a file added to the folder during the run survives.
            if (const auto foreign = foreign_entries(old); !foreign.empty()) {
                fs::rename(old, m_final, ec);
                refuse_foreign(m_final, foreign, " (changed during the run)");
            }
        }
        fs::rename(m_tmp, m_final, ec);
        if (ec) {
            if (!old.empty()) fs::rename(old, m_final, ec);
            throw OutputError("output: cannot rename " + m_tmp.string() + " to " + m_final.string());
        }
        m_committed = true;
        unregister_temporary(m_tmp, guard);
        if (!old.empty()) register_temporary(old, guard);
    }
    if (old.empty()) return;
    fs::remove_all(old, ec);
    const TempGuard guard;
    unregister_temporary(old, guard);
}

}  // namespace lc::geo
