// lifecircle batch (docs/cli/batch.md): one `plan --config` per city, run as
// child processes of the same executable, and the batch's own outputs, the
// batch_summary.csv and index.html that list every city with its figures
// (read from the city's summary.json) or its error.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lc::app {

/// One city of a batch.
struct BatchCity {
    std::string name;                 ///< the folder DIR/<name>
    std::filesystem::path config;     ///< its city file ("" when found by --index)
    bool ok = false;                  ///< exit status 0 and a summary.json
    std::string error;                ///< why not (the first error line of its log)
};

/// The log of a city: DIR/<name>.log (the child's stdout and stderr).
[[nodiscard]] std::filesystem::path batch_log(const std::filesystem::path& dir, const std::string& name);

/// The error of a run from its log: the first "lifecircle: error: ..." line
/// (the prefix dropped), else `fallback`.
[[nodiscard]] std::string log_error(const std::string& log_text, const std::string& fallback);

/// A child process: `argv` (argv[0] the executable), stdout and stderr into `log`.
struct ChildRun {
    std::vector<std::string> argv;
    std::filesystem::path log;
};
/// Runs `runs`, at most `jobs` at a time (posix_spawn; no shell). Returns each
/// one's exit status in order (128 + N when killed by signal N; 127 when it
/// could not start, with the reason in its log). `started(i)` and
/// `finished(i, status)` report progress.
std::vector<int> run_children(const std::vector<ChildRun>& runs, unsigned jobs,
                              const std::function<void(std::size_t)>& started = {},
                              const std::function<void(std::size_t, int)>& finished = {});

/// The path of the running executable (/proc/self/exe).
[[nodiscard]] std::filesystem::path self_executable();

/// The cities of an output folder: its sub-folders holding a summary.json and
/// its NAME.log files (a log without a folder is a city that failed), sorted
/// by name; a city is ok when it has a summary.json and its log no error.
[[nodiscard]] std::vector<BatchCity> scan_batch_dir(const std::filesystem::path& dir);

/// batch_summary.csv (UTF-8 with BOM, one row per city) and index.html
/// (linking each city's report.html) as text; figures read from
/// dir/<name>/summary.json. `lang`: en | zh.
[[nodiscard]] std::string batch_summary_csv(const std::filesystem::path& dir, const std::vector<BatchCity>& cities,
                                            const std::string& lang);
[[nodiscard]] std::string batch_index_html(const std::filesystem::path& dir, const std::vector<BatchCity>& cities,
                                           const std::string& lang);

inline constexpr const char* k_batch_summary = "batch_summary.csv";
inline constexpr const char* k_batch_index = "index.html";

/// Writes both files into `dir`. With `replace_only_own`, an existing file is
/// replaced only when lifecircle wrote it (the CSV's header, the index's
/// generator mark); else lc::OutputError naming it.
void write_batch_files(const std::filesystem::path& dir, const std::vector<BatchCity>& cities, const std::string& lang,
                       bool replace_only_own);

}  // namespace lc::app
