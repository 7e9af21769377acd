#pragma once
namespace lc::opt {
/// Version string of the optimisation library.
const char* version();
}  // namespace lc::opt
