// libFuzzer target: text -> lc::opt::read_cost_matrix. The input is split at
// the first NUL byte (or, without one, at the first blank line) into the costs
// CSV and the demand CSV; the second half may be empty. lc::Error is fine;
// anything else is a bug.
#include "fuzz_common.hpp"
#include "lc/error.hpp"
#include "lc/optimize/readers.hpp"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    auto cut = all.find('\0');
    std::size_t skip = 1;
    if (cut == std::string_view::npos) {
        cut = all.find("\n\n");
        skip = 2;
    }
    const std::string_view costs = cut == std::string_view::npos ? all : all.substr(0, cut);
    const std::string_view demand = cut == std::string_view::npos ? std::string_view{} : all.substr(cut + skip);
    const auto cp = lc::fuzz::write_input("costs.csv", reinterpret_cast<const std::uint8_t*>(costs.data()), costs.size());
    const auto dp = lc::fuzz::write_input("demand.csv", reinterpret_cast<const std::uint8_t*>(demand.data()), demand.size());
    try {
        const auto problem = lc::opt::read_cost_matrix(cp.string(), dp.string(), {});
        (void)problem.sites.size();
    } catch (const lc::Error&) {
    }
    try {  // with an existing site and a cost cap
        const auto problem = lc::opt::read_cost_matrix(cp.string(), dp.string(), {"X"}, {}, 500.0);
        (void)problem.sites.size();
    } catch (const lc::Error&) {
    }
    return 0;
}
