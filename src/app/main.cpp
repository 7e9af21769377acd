// lifecircle: the one catch site. Exit status 0 success, 1 "not compliant"
// (check-estate), 2 any error (bad argument, bad input, CRS, GDAL, output).
#include "app/command.hpp"
#include "app/signals.hpp"
#include "lc/error.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <clocale>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace {

/// A command-line error on one line, with where to look for the options.
std::string parse_error_text(const CLI::App& app, const CLI::ParseError& e) {
    std::string text = e.what();
    std::replace(text.begin(), text.end(), '\n', ' ');
    while (!text.empty() && text.back() == ' ') text.pop_back();
    const auto used = app.get_subcommands();
    const std::string command = used.empty() ? "" : used.front()->get_name() + " ";
    return text + " (see 'lifecircle " + command + "--help')";
}

}  // namespace

int main(int argc, char** argv) {
    lc::app::start_signal_thread();  // first: every later thread inherits the blocked signals
    std::setlocale(LC_ALL, "C");
    CLI::App app{"lifecircle: plan elderly-care service facilities against Chinese planning standards"};
    app.set_version_flag("--version", LC_VERSION);
    app.require_subcommand(1);
    app.fallthrough(false);

    std::vector<std::unique_ptr<lc::app::Command>> commands;
    commands.push_back(lc::app::make_plan_command());
    commands.push_back(lc::app::make_audit_command());
    commands.push_back(lc::app::make_coverage_command());
    commands.push_back(lc::app::make_optimize_command());
    commands.push_back(lc::app::make_check_estate_command());
    commands.push_back(lc::app::make_profiles_command());
    for (auto& cmd : commands) {
        CLI::App* sub = app.add_subcommand(cmd->name(), cmd->description());
        cmd->setup(*sub);
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {  // --help, --version: on stdout, exit 0
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "lifecircle: error: " << parse_error_text(app, e) << '\n';
        return 2;
    }

    try {
        for (auto& cmd : commands) {
            if (app.got_subcommand(cmd->name())) return cmd->run();
        }
    } catch (const lc::Error& e) {
        std::cerr << "lifecircle: error: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "lifecircle: internal error: " << e.what() << '\n';
        return 2;
    }
    return 2;
}
