// A command that reads a city: the input, output and coverage options and --demo,
// declared once; run() applies --demo, opens --out (checked against the inputs)
// and hands it to run_city().
#pragma once

#include "app/city_options.hpp"
#include "app/command.hpp"
#include "app/options.hpp"

namespace lc::app {

class CityCommand : public Command {
public:
    void setup(CLI::App& sub) override {
        m_config.add(sub);
        add_city_options(sub, m_input, m_output, m_coverage, m_demo);
        add_lang_option(sub, m_lang);
    }
    void validate() override {
        m_config.apply();
        m_input.validate();
        m_output.validate();
        m_coverage.validate();
    }
    int run() final {
        apply_demo(m_demo, m_input);
        const OutputTarget out = open_output_target(m_output, run_inputs(m_input));
        return run_city(out);
    }
    [[nodiscard]] OptionGroups groups() const override { return {&m_input, &m_output, &m_coverage, nullptr}; }

protected:
    /// The command's work, with --out opened (out.sink is null without --out).
    virtual int run_city(const OutputTarget& out) = 0;

    ConfigOption m_config;  ///< --config city.toml
    InputConfig m_input;
    OutputConfig m_output;
    CoverageConfig m_coverage;
    bool m_demo = false;
    std::string m_lang;  ///< --lang as given (empty: from the profile, see resolve_lang)
};

}  // namespace lc::app
