#include "pipeline/batch.hpp"

#include "lc/error.hpp"
#include "lc/geo/io.hpp"
#include "pipeline/outputs.hpp"
#include "report/html_report.hpp"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX declares it nowhere else

namespace lc::app {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view k_error_prefix = "lifecircle: error: ";
constexpr std::string_view k_internal_prefix = "lifecircle: internal error: ";
constexpr std::string_view k_generator = R"(<meta name="generator" content="lifecircle batch">)";

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// The columns of batch_summary.csv and index.html: key, English, Chinese.
struct Column {
    const char* key;
    const char* zh;
};
constexpr std::array k_columns = {
    Column{"name", "城市"},
    Column{"status", "状态"},
    Column{"error", "错误"},
    Column{"profile", "标准"},
    Column{"coverage_before", "覆盖率（规划前）"},
    Column{"coverage_after", "覆盖率（规划后）"},
    Column{"sites", "新增站点"},
    Column{"area_compliance_before", "面积达标率（规划前）"},
    Column{"area_compliance_after", "面积达标率（规划后）"},
    Column{"communities", "社区"},
    Column{"communities_with_station_before", "有达标站点的社区（规划前）"},
    Column{"communities_with_station_after", "有达标站点的社区（规划后）"},
    Column{"construction_yuan", "建设投资（元）"},
    Column{"subsidy_yuan", "建设补贴（元）"},
    Column{"report", "报告"},
    Column{"log", "日志"},
};

std::vector<std::string> header(const std::string& lang) {
    std::vector<std::string> out;
    out.reserve(k_columns.size());
    for (const auto& c : k_columns) out.emplace_back(lang == "zh" ? c.zh : c.key);
    return out;
}

/// A number of the summary as the CSV writes it ("" for null or missing).
std::string number_at(const json& j, const json::json_pointer& p) {
    if (!j.contains(p)) return "";
    const json& v = j.at(p);
    return v.is_number() ? v.dump() : "";  // as summary.json writes it
}

/// The row of one city, by column key.
std::map<std::string, std::string> row_of(const fs::path& dir, const BatchCity& c, const std::string& lang) {
    std::map<std::string, std::string> r;
    r["name"] = c.name;
    r["status"] = c.ok ? (lang == "zh" ? "成功" : "ok") : (lang == "zh" ? "失败" : "failed");
    r["error"] = c.error;
    r["log"] = batch_log(fs::path(), c.name).generic_string();
    const fs::path summary_file = dir / c.name / "summary.json";
    if (!c.ok || !fs::exists(summary_file)) return r;
    json s;
    try {
        s = json::parse(read_text(summary_file));
    } catch (const json::exception& e) {
        r["error"] = "summary.json: " + std::string(e.what());
        return r;
    }
    if (s.contains("profile") && s["profile"].is_string()) r["profile"] = s["profile"].get<std::string>();
    r["coverage_before"] = number_at(s, "/before/coverage_rate"_json_pointer);
    r["coverage_after"] = number_at(s, "/after/coverage_rate"_json_pointer);
    if (s.contains("proposed_sites") && s["proposed_sites"].is_array()) r["sites"] = std::to_string(s["proposed_sites"].size());
    r["area_compliance_before"] = number_at(s, "/before/area_compliance_rate"_json_pointer);
    r["area_compliance_after"] = number_at(s, "/after/area_compliance_rate"_json_pointer);
    r["communities"] = number_at(s, "/communities"_json_pointer);
    r["communities_with_station_before"] = number_at(s, "/before/communities_with_station"_json_pointer);
    r["communities_with_station_after"] = number_at(s, "/after/communities_with_station"_json_pointer);
    r["construction_yuan"] = number_at(s, "/costs/total/construction_yuan"_json_pointer);
    r["subsidy_yuan"] = number_at(s, "/costs/total/subsidy_yuan/total"_json_pointer);
    if (fs::exists(dir / c.name / "report.html")) r["report"] = c.name + "/report.html";
    return r;
}

/// Replaces `file` with `content` through a temporary file beside it.
void replace_file(const fs::path& file, const std::string& content) {
    const fs::path tmp = file.parent_path() / ("." + file.filename().string() + ".tmp-" + std::to_string(::getpid()));
    geo::write_text_file(tmp, content);
    std::error_code ec;
    fs::rename(tmp, file, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw OutputError("batch: cannot write " + file.string());
    }
}

bool written_by_lifecircle(const fs::path& file) {
    const std::string text = read_text(file);
    if (file.filename() == k_batch_index) return text.find(k_generator) != std::string::npos;
    for (const char* lang : {"en", "zh"}) {
        const std::string head = csv_text(header(lang), {});
        if (text.rfind(head, 0) == 0) return true;
    }
    return false;
}

}  // namespace

fs::path batch_log(const fs::path& dir, const std::string& name) { return dir / (name + ".log"); }

std::string log_error(const std::string& log_text, const std::string& fallback) {
    std::istringstream in(log_text);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind(k_error_prefix, 0) == 0) return line.substr(k_error_prefix.size());
        if (line.rfind(k_internal_prefix, 0) == 0) return "internal error: " + line.substr(k_internal_prefix.size());
    }
    return fallback;
}

fs::path self_executable() {
    std::error_code ec;
    fs::path p = fs::read_symlink("/proc/self/exe", ec);
    if (ec) throw OutputError("batch: cannot find the running executable (/proc/self/exe: " + ec.message() + ")");
    return p;
}

std::vector<int> run_children(const std::vector<ChildRun>& runs, unsigned jobs,
                              const std::function<void(std::size_t)>& started,
                              const std::function<void(std::size_t, int)>& finished) {
    std::vector<int> status(runs.size(), -1);
    std::map<pid_t, std::size_t> running;
    std::size_t next = 0;
    auto start = [&](std::size_t i) {
        const ChildRun& run = runs[i];
        const int fd = ::open(run.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) throw OutputError("batch: cannot write " + run.log.string() + " (" + std::strerror(errno) + ")");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_adddup2(&actions, fd, STDOUT_FILENO);
        posix_spawn_file_actions_adddup2(&actions, fd, STDERR_FILENO);
        posix_spawnattr_t attr;
        posix_spawnattr_init(&attr);
        sigset_t none;
        sigemptyset(&none);
        sigset_t defaults;
        sigfillset(&defaults);
        posix_spawnattr_setsigmask(&attr, &none);
        posix_spawnattr_setsigdefault(&attr, &defaults);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
        std::vector<char*> argv;
        argv.reserve(run.argv.size() + 1);
        for (const auto& a : run.argv) argv.push_back(const_cast<char*>(a.c_str()));  // NOLINT: posix_spawn's signature
        argv.push_back(nullptr);
        pid_t pid = 0;
        const int rc = ::posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
        if (rc != 0) {
            const std::string why = "lifecircle: error: cannot start " + run.argv[0] + ": " + std::strerror(rc) + "\n";
            (void)!::write(fd, why.data(), why.size());
            ::close(fd);
            status[i] = 127;
            if (finished) finished(i, 127);
            return;
        }
        ::close(fd);
        running[pid] = i;
        if (started) started(i);
    };
    jobs = std::max(jobs, 1U);
    while (next < runs.size() || !running.empty()) {
        while (next < runs.size() && running.size() < jobs) start(next++);
        if (running.empty()) continue;
        int st = 0;
        const pid_t pid = ::waitpid(-1, &st, 0);
        if (pid < 0) {
            if (errno == EINTR) continue;
            throw OutputError(std::string("batch: waitpid failed: ") + std::strerror(errno));
        }
        const auto it = running.find(pid);
        if (it == running.end()) continue;  // not one of ours
        const std::size_t i = it->second;
        running.erase(it);
        status[i] = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 2;
        if (finished) finished(i, status[i]);
    }
    return status;
}

std::vector<BatchCity> scan_batch_dir(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw ArgumentError("batch --index " + dir.string() + ": no such folder");
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string n = e.path().filename().string();
        if (n.empty() || n.front() == '.') continue;
        if (e.is_directory() && fs::exists(e.path() / "summary.json")) names.insert(n);
        if (e.is_regular_file() && e.path().extension() == ".log") names.insert(e.path().stem().string());
    }
    std::vector<BatchCity> out;
    for (const auto& n : names) {
        BatchCity c;
        c.name = n;
        const bool summary = fs::exists(dir / n / "summary.json");
        const std::string log = read_text(batch_log(dir, n));
        c.error = log_error(log, summary ? "" : "no summary.json (see " + n + ".log)");
        c.ok = summary && c.error.empty();
        out.push_back(std::move(c));
    }
    return out;
}

std::string batch_summary_csv(const fs::path& dir, const std::vector<BatchCity>& cities, const std::string& lang) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& c : cities) {
        auto r = row_of(dir, c, lang);
        std::vector<std::string> row;
        row.reserve(k_columns.size());
        for (const auto& col : k_columns) row.push_back(r[col.key]);
        rows.push_back(std::move(row));
    }
    return csv_text(header(lang), rows);
}

std::string batch_index_html(const fs::path& dir, const std::vector<BatchCity>& cities, const std::string& lang) {
    const bool zh = lang == "zh";
    std::ostringstream h;
    std::size_t failed = 0;
    for (const auto& c : cities) failed += c.ok ? 0 : 1;
    h << "<!DOCTYPE html>\n<html lang=\"" << (zh ? "zh-CN" : "en") << "\">\n<head>\n<meta charset=\"utf-8\">\n"
      << k_generator << "\n<title>" << (zh ? "lifecircle 批量规划" : "lifecircle batch") << "</title>\n"
      << "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
         "td,th{border:1px solid #bbb;padding:.3em .6em;text-align:right}td:first-child,th{text-align:left}"
         "tr.failed td{background:#fde2e1}td.error{text-align:left;max-width:40em}</style>\n</head>\n<body>\n<h1>"
      << (zh ? "批量规划" : "Batch plan") << "</h1>\n<p>"
      << (zh ? std::to_string(cities.size()) + " 个城市，" + std::to_string(cities.size() - failed) + " 个成功，" +
                   std::to_string(failed) + " 个失败。"
             : std::to_string(cities.size()) + " cities: " + std::to_string(cities.size() - failed) + " ok, " +
                   std::to_string(failed) + " failed.")
      << " <a href=\"" << k_batch_summary << "\">" << k_batch_summary << "</a></p>\n<table>\n<tr>";
    for (const auto& col : k_columns) h << "<th>" << html_escape(zh ? col.zh : col.key) << "</th>";
    h << "</tr>\n";
    for (const auto& c : cities) {
        auto r = row_of(dir, c, lang);
        h << (c.ok ? "<tr>" : "<tr class=\"failed\">");
        for (const auto& col : k_columns) {
            const std::string key = col.key;
            const std::string& v = r[key];
            if (key == "name" && !r["report"].empty()) {
                h << "<td><a href=\"" << html_escape(r["report"]) << "\">" << html_escape(v) << "</a></td>";
            } else if ((key == "report" || key == "log") && !v.empty()) {
                h << "<td><a href=\"" << html_escape(v) << "\">" << html_escape(v) << "</a></td>";
            } else {
                h << (key == "error" ? "<td class=\"error\">" : "<td>") << html_escape(v) << "</td>";
            }
        }
        h << "</tr>\n";
    }
    h << "</table>\n</body>\n</html>\n";
    return h.str();
}

void write_batch_files(const fs::path& dir, const std::vector<BatchCity>& cities, const std::string& lang,
                       bool replace_only_own) {
    for (const char* name : {k_batch_summary, k_batch_index}) {
        const fs::path file = dir / name;
        if (replace_only_own && fs::exists(file) && !written_by_lifecircle(file)) {
            throw OutputError("batch: " + file.string() +
                              " was not written by lifecircle; lifecircle replaces only what it wrote");
        }
    }
    replace_file(dir / k_batch_summary, batch_summary_csv(dir, cities, lang));
    replace_file(dir / k_batch_index, batch_index_html(dir, cities, lang));
}

}  // namespace lc::app
