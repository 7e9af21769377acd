// Where lifecircle finds its data (the standards profiles and the demo city):
// the one rule, relative to the executable so that an installed or moved tree
// works and no source path is compiled in (docs/install.md).
#pragma once

#include <filesystem>
#include <string_view>

namespace lc::app {

/// The shared data folder: $LIFECIRCLE_DATA when set, else
/// `<folder of the executable>/../share/lifecircle` (LC_DATA_FROM_BIN; an install: /usr/bin/lifecircle
/// -> /usr/share/lifecircle; the build tree: build/src/lifecircle -> build/share/lifecircle,
/// which CMake links to datasets/). Empty when neither is known (no /proc).
[[nodiscard]] std::filesystem::path data_dir();

/// One folder of the data: `$<env_var>` when set (taken as given), else
/// data_dir()/`name` with symbolic links resolved (the build tree's links lead
/// back to datasets/, so the demo's paths read datasets/demo/… from the source root).
[[nodiscard]] std::filesystem::path data_subdir(std::string_view name, const char* env_var);

}  // namespace lc::app
