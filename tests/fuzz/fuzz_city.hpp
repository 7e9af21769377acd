// Shared by the load_city targets (fuzz_geojson_city, fuzz_shapefile_city): the
// estates layer at `estates`, facilities and districts from the good town of
// tests/data/bad/base (LC_FUZZ_BASE_DIR), --assume-crs EPSG:4544. lc::Error is
// the documented answer; anything else escapes to libFuzzer as a finding.
#pragma once

#include "lc/error.hpp"
#include "pipeline/city.hpp"
#include "pipeline/config.hpp"

#include <string>

#ifndef LC_FUZZ_BASE_DIR
#error "LC_FUZZ_BASE_DIR must name tests/data/bad/base"
#endif

namespace lc::fuzz {

inline void load_town_with_estates(const std::string& estates) {
    lc::app::InputConfig cfg;
    cfg.estates = estates;
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
}

}  // namespace lc::fuzz
