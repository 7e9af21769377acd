// lifecircle batch: one `plan --config` per city file, as child processes of
// the same executable, into DIR/<name>/, with DIR/batch_summary.csv and
// DIR/index.html (pipeline/batch.hpp). DIR is written as one output folder
// (geo::OutputDir: all or nothing, replacing only what lifecircle wrote).
#include "app/command.hpp"
#include "app/options.hpp"
#include "lc/error.hpp"
#include "lc/geo/io.hpp"
#include "pipeline/batch.hpp"
#include "pipeline/city_file.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <iostream>
#include <map>
#include <thread>

namespace lc::app {
namespace {
namespace fs = std::filesystem;

class BatchCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "batch"; }
    [[nodiscard]] std::string description() const override {
        return "Plan many cities: one 'plan --config' per city file into DIR/<name>/, with DIR/batch_summary.csv and "
               "DIR/index.html (exit 1 when a city failed)";
    }
    void setup(CLI::App& sub) override {
        sub.add_option("files", m_files, "City files (TOML, see 'lifecircle init'), one per city");
        sub.add_option("--out", m_out, "Output folder: DIR/<name>/ per city, DIR/batch_summary.csv, DIR/index.html");
        add_number(sub, "--jobs", m_jobs, NumberRange::whole_between(1, 256), "Cities planned at a time")
            ->capture_default_str();
        sub.add_option("--index", m_index,
                       "Only (re)write DIR/batch_summary.csv and DIR/index.html from DIR/*/summary.json and DIR/*.log "
                       "(runs planned elsewhere, e.g. by scripts/batch_dask.py)");
        sub.add_flag("--list", m_list, "Print each city's name and file (tab-separated) and exit");
        add_lang_option(sub, m_lang);
        sub.add_flag("--quiet", m_quiet, "No progress messages on stderr");
    }
    void validate() override {
        if (!m_index.empty()) {
            if (!m_files.empty() || !m_out.empty() || m_list) {
                throw ArgumentError("batch --index DIR takes no city files, --out or --list");
            }
            return;
        }
        if (m_files.empty()) throw ArgumentError("batch: give the city files (e.g. a.toml b.toml) and --out DIR");
        if (m_out.empty() && !m_list) throw ArgumentError("batch: give --out DIR");
        if (m_out.rfind("PG:", 0) == 0) throw ArgumentError("batch --out: a folder (PostGIS is for plan --out)");
    }
    int run() override {
        const std::string lang = m_lang.empty() ? "en" : m_lang;
        if (!m_index.empty()) {
            const auto cities = scan_batch_dir(m_index);
            write_batch_files(m_index, cities, lang, true);
            return report(cities, m_index, lang);
        }
        const auto cities = read_cities();
        if (m_list) {
            for (const auto& c : cities) std::cout << c.name << '\t' << c.config.string() << '\n';
            return 0;
        }
        std::vector<geo::RunInput> inputs;
        for (const auto& c : cities) {
            inputs.push_back({"city file", c.config.string()});
            for (const auto& e : read_city_file(c.config).entries) {
                if (e.section == k_inputs_section) inputs.push_back({"--" + e.key + " (" + c.config.string() + ")", e.values.front()});
            }
        }
        auto sink = geo::open_output(m_out, "", inputs);
        for (const auto& note : sink->notes()) std::cerr << "lifecircle: warning: " << note << '\n';
        const fs::path tmp = sink->path();
        const fs::path exe = self_executable();
        std::vector<ChildRun> runs;
        runs.reserve(cities.size());
        for (const auto& c : cities) {
            runs.push_back({{exe.string(), "plan", "--config", c.config.string(), "--out", (tmp / c.name).string()},
                            batch_log(tmp, c.name)});
        }
        std::vector<std::chrono::steady_clock::time_point> t0(cities.size());
        std::size_t done = 0;
        const auto statuses = run_children(
            runs, static_cast<unsigned>(m_jobs), [&](std::size_t i) { t0[i] = std::chrono::steady_clock::now(); },
            [&](std::size_t i, int status) {
                ++done;
                if (m_quiet) return;
                const std::chrono::duration<double> s = std::chrono::steady_clock::now() - t0[i];
                std::cerr << "batch: [" << done << "/" << cities.size() << "] " << cities[i].name << ": "
                          << (status == 0 ? "ok" : "failed (exit status " + std::to_string(status) + ")") << " ("
                          << format_seconds(s.count()) << ")\n";
            });
        std::vector<BatchCity> results = cities;
        for (std::size_t i = 0; i < results.size(); ++i) {
            auto& c = results[i];
            const int st = statuses[i];
            const bool summary = fs::exists(tmp / c.name / "summary.json");
            std::ifstream in(batch_log(tmp, c.name), std::ios::binary);
            const std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            const std::string fallback = st > 128 ? "killed by signal " + std::to_string(st - 128)
                                                  : "exit status " + std::to_string(st);
            c.ok = st == 0 && summary;
            c.error = c.ok ? "" : log_error(log, st == 0 ? "no summary.json" : fallback);
        }
        write_batch_files(tmp, results, lang, false);
        sink->commit();
        return report(results, sink->target(), lang);
    }

private:
    static std::string format_seconds(double s) {
        std::ostringstream o;
        o.setf(std::ios::fixed);
        o.precision(1);
        o << s << " s";
        return o.str();
    }

    /// The city files, their names checked: usable as folder names, unique.
    [[nodiscard]] std::vector<BatchCity> read_cities() const {
        std::vector<BatchCity> out;
        std::map<std::string, fs::path> seen;
        for (const auto& f : m_files) {
            const CityFile city = read_city_file(f);
            check_city_name(city.file, city.name);
            if (city.name == "index.html" || city.name == "batch_summary.csv" || city.name == geo::k_manifest_name) {
                throw ArgumentError(f + ": the city name '" + city.name + "' is one of the batch's own files");
            }
            if (const auto it = seen.find(city.name); it != seen.end()) {
                throw ArgumentError("batch: " + it->second.string() + " and " + f + " both name the city '" + city.name +
                                    "' (give one a different `name`)");
            }
            seen[city.name] = f;
            BatchCity c;
            c.name = city.name;
            c.config = fs::absolute(f);
            out.push_back(std::move(c));
        }
        return out;
    }

    /// One line per city and a total, on stdout (in --lang); exit status 1 when a city failed.
    static int report(const std::vector<BatchCity>& cities, const std::string& where, const std::string& lang) {
        const bool zh = lang == "zh";
        std::size_t failed = 0;
        for (const auto& c : cities) {
            if (!c.ok) ++failed;
            std::cout << c.name << ": " << (c.ok ? (zh ? "成功" : "ok") : (zh ? "失败：" : "failed: ") + c.error) << '\n';
        }
        const std::string n = std::to_string(cities.size());
        const std::string ok = std::to_string(cities.size() - failed);
        const std::string bad = std::to_string(failed);
        if (zh) {
            std::cout << n << " 个城市，" << ok << " 个成功，" << bad << " 个失败；" << k_batch_summary << " 和 "
                      << k_batch_index << " 在 " << where << '\n';
        } else {
            std::cout << n << " cities, " << ok << " ok, " << bad << " failed; " << k_batch_summary << " and "
                      << k_batch_index << " in " << where << '\n';
        }
        return failed > 0 ? 1 : 0;
    }

    std::vector<std::string> m_files;
    std::string m_out;
    int m_jobs = 1;
    std::string m_index;
    bool m_list = false;
    std::string m_lang;
    bool m_quiet = false;
};

}  // namespace

std::unique_ptr<Command> make_batch_command() { return std::make_unique<BatchCommand>(); }

}  // namespace lc::app
