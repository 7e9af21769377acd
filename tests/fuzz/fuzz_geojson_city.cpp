// libFuzzer target: GeoJSON text -> lc::app::load_city. The input is written as
// the estates layer; facilities and districts are the good town of
// tests/data/bad/base, so every later check (CRS choice, reprojection,
// assignment to districts) runs on whatever the estates become. lc::Error is
// fine; crashes, sanitizer reports and other exceptions are bugs.
#include "fuzz_common.hpp"
#include "lc/error.hpp"
#include "pipeline/city.hpp"
#include "pipeline/config.hpp"

#include <string>

#ifndef LC_FUZZ_BASE_DIR
#error "LC_FUZZ_BASE_DIR must name tests/data/bad/base"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = lc::fuzz::write_input("estates.geojson", data, size);
    lc::app::InputConfig cfg;
    cfg.estates = path.string();
    cfg.facilities = std::string(LC_FUZZ_BASE_DIR) + "/facilities.geojson";
    cfg.districts = std::string(LC_FUZZ_BASE_DIR) + "/districts.geojson";
    cfg.assume_crs = "EPSG:4544";
    lc::app::LoadOptions options;
    options.elderly_share_default = 0.2;
    try {
        cfg.validate();
        const auto city = lc::app::load_city(cfg, options);
        (void)city.estates.size();
    } catch (const lc::Error&) {
    }
    return 0;
}
