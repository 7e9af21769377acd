// Progress on stderr: one line per stage with elapsed time (nothing with --quiet).
#pragma once

#include "pipeline/run.hpp"

namespace lc::app {

Progress make_progress(bool quiet);

}  // namespace lc::app
