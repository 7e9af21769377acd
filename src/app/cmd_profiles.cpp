// lifecircle profiles [NAME] [--year YYYY] [--set KEY=VALUE]... [--json]
// Lists the standards profiles, or prints one with every figure, its year keys and source.
#include "app/command.hpp"
#include "app/options.hpp"
#include "lc/error.hpp"
#include "standards/profile.hpp"
#include "standards/profile_report.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>

namespace lc::app {
namespace {

struct ProfilesConfig {
    std::string name;                   ///< profile name or path; empty = list
    std::optional<int> year;
    std::vector<std::string> set_args;  ///< raw KEY=VALUE
    bool json = false;

    void validate() const {
        if (name.empty() && year) throw ArgumentError("profiles: --year needs a profile NAME (e.g. lifecircle profiles yinchuan --year 2017)");
        if (name.empty() && !set_args.empty()) throw ArgumentError("profiles: --set needs a profile NAME");
    }
};

class ProfilesCommand final : public Command {
public:
    [[nodiscard]] std::string name() const override { return "profiles"; }
    [[nodiscard]] std::string description() const override { return "List the standards profiles, or print one with its sources"; }
    void setup(CLI::App& sub) override {
        sub.add_option("name", m_cfg.name, "Profile name (national, yinchuan, xian, ...) or path to a .toml file; omit to list");
        add_number(sub, "--year", m_year, NumberRange::whole_between(1900, 2100),
                   "Show the values in force in this year (latest keyed year <= YYYY)");
        sub.add_option("--set", m_cfg.set_args, "Override a figure: KEY=VALUE (repeatable; KEY.YYYY sets one year)")
            ->allow_extra_args(false);
        sub.add_flag("--json", m_cfg.json, "Print JSON instead of a table");
        add_lang_option(sub, m_lang);
        m_sub = &sub;
    }
    void validate() override {
        if (m_sub != nullptr && m_sub->count("--year") > 0) m_cfg.year = m_year;
        m_cfg.validate();
        check_overrides(parse_overrides(m_cfg.set_args));
    }
    int run() override {
        if (m_cfg.name.empty()) {
            const auto list = list_profiles();
            if (m_cfg.json) {
                std::cout << profile_list_json(list).dump(2) << '\n';
            } else {
                std::cout << render_profile_list(list);
            }
            return 0;
        }
        const auto profile = Profile::load(m_cfg.name, parse_overrides(m_cfg.set_args));
        if (m_cfg.json) {
            std::cout << profile_json(profile, m_cfg.year).dump(2) << '\n';
        } else {
            // Default English here: the listing is a reference for every user; --lang zh gives the Chinese.
            std::cout << render_profile(profile, m_cfg.year, m_lang.empty() ? "en" : m_lang);
        }
        return 0;
    }

private:
    ProfilesConfig m_cfg;
    int m_year = 0;
    std::string m_lang;
    CLI::App* m_sub = nullptr;
};

}  // namespace

std::unique_ptr<Command> make_profiles_command() { return std::make_unique<ProfilesCommand>(); }

}  // namespace lc::app
