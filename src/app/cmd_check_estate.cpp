#include "app/city_options.hpp"
#include "app/command.hpp"
#include "app/options.hpp"
#include "app/progress.hpp"
#include "lc/error.hpp"
#include "lc/geo/io.hpp"
#include "pipeline/check_estate.hpp"
#include "pipeline/outputs.hpp"
#include "report/i18n.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace lc::app {
namespace {

class CheckEstateCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "check-estate"; }
    [[nodiscard]] std::string description() const override {
        return "Completion-acceptance review of estates: exit 0 all pass, 1 any fails, 2 error";
    }
    void setup(CLI::App& sub) override {
        m_config.add(sub);
        add_input_options(sub, m_input);
        add_coverage_options(sub, m_coverage);
        sub.add_option("--estate", m_ids, "Estate id to review (repeatable)");
        sub.add_flag("--new", m_new, "Review every estate with is_new = 1");
        sub.add_option("--report", m_report, "Write a printable review: FILE.md or FILE.html");
        sub.add_flag("--quiet", m_quiet, "No progress messages on stderr");
        sub.add_flag("--json", m_json, "Print the verdicts as JSON");
        sub.add_flag("--demo", m_demo, "Run on the embedded demo city");
        add_lang_option(sub, m_lang);
    }
    void validate() override {
        m_config.apply();
        if (m_ids.empty() && !m_new) throw ArgumentError("check-estate: name estates with --estate ID or use --new");
        const std::string ext = std::filesystem::path(m_report).extension().string();
        if (!m_report.empty() && ext != ".md" && ext != ".html") {
            throw ArgumentError("--report: the file must end in .md or .html");
        }
        m_input.validate();
        m_coverage.validate();
    }
    [[nodiscard]] OptionGroups groups() const override { return {&m_input, nullptr, &m_coverage, nullptr}; }
    int run() override {
        apply_demo(m_demo, m_input);
        const std::filesystem::path report(m_report);
        const std::string ext = report.extension().string();
        const AuditRun run = run_audit(m_input, m_coverage, make_progress(m_quiet));
        const std::string lang = resolve_lang(m_lang, run.standards.profile);
        const auto verdicts = check_estates(run, m_ids, m_new, lang);
        bool all_pass = true;
        nlohmann::json j = nlohmann::json::array();
        for (const auto& v : verdicts) {
            all_pass = all_pass && v.pass;
            if (m_json) {
                const Estate& e = run.city.estates[v.index];
                const EstateAudit& a = run.audit.estates[v.index];
                j.push_back({{"id", e.id},
                             {"name", e.name},
                             {"pass", v.pass},
                             {"required_area_m2", round6(a.required_area_m2)},
                             {"provided_area_m2", round6(a.provided_area_m2)},
                             {"shortfall_m2", round6(a.shortfall_m2)},
                             {"summary", v.summary},
                             {"reasons", v.reasons},
                             {"notes", v.notes}});
            } else {
                std::cout << v.summary << '\n';
                for (const auto& r : v.reasons) std::cout << "  - " << r << '\n';
                for (const auto& n : v.notes) std::cout << "  · " << n << '\n';
            }
        }
        if (m_json) std::cout << j.dump(2) << '\n';
        if (!m_report.empty()) {
            const std::string text = ext == ".md" ? review_markdown(run, verdicts, lang) : review_html(run, verdicts, lang);
            const auto abs = std::filesystem::absolute(report);
            auto tmp = abs;
            tmp += ".tmp-" + std::to_string(::getpid());
            geo::write_text_file(tmp, text);
            std::error_code ec;
            std::filesystem::rename(tmp, abs, ec);
            if (ec) {
                std::filesystem::remove(tmp, ec);
                throw OutputError("output: cannot write " + abs.string());
            }
        }
        return all_pass ? 0 : 1;
    }

private:
    ConfigOption m_config;  ///< --config city.toml
    InputConfig m_input;
    CoverageConfig m_coverage;
    std::vector<std::string> m_ids;
    std::string m_report;
    bool m_new = false;
    bool m_quiet = false;
    bool m_json = false;
    bool m_demo = false;
    std::string m_lang;
};

}  // namespace

std::unique_ptr<Command> make_check_estate_command() { return std::make_unique<CheckEstateCommand>(); }

}  // namespace lc::app
