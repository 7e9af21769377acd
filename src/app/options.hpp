// Option groups shared by several commands (the only CLI11-facing helpers).
#pragma once

#include "pipeline/config.hpp"

namespace CLI {
class App;
}

namespace lc::app {

void add_input_options(CLI::App& app, InputConfig& cfg);
void add_output_options(CLI::App& app, OutputConfig& cfg);
void add_coverage_options(CLI::App& app, CoverageConfig& cfg);

}  // namespace lc::app
