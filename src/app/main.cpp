// lifecircle: the one catch site. Exit status 0 success, 1 "not compliant"
// (check-estate), 2 any error (bad argument, bad input, CRS, GDAL, output).
#include "app/command.hpp"
#include "app/signals.hpp"
#include "lc/error.hpp"

#include <CLI/CLI.hpp>

#include <clocale>
#include <iostream>
#include <memory>
#include <vector>

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
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
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
