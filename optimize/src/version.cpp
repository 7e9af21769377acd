#include "lc/optimize/version.hpp"
namespace lc::opt {
const char* version() { return "0.1.0"; }
}  // namespace lc::opt
