// libFuzzer target: bytes as the .shp of the estates layer -> lc::app::load_city.
// The .shx, .dbf and .cpg are those of the good town's estates
// (tests/data/bad/shp_no_prj, copied next to the input once; no .prj, so
// --assume-crs EPSG:4544 applies), so the shapefile reader meets arbitrary
// geometry records with real attributes;
// facilities and districts are the good town of tests/data/bad/base, as in
// fuzz_geojson_city. lc::Error is fine; crashes, sanitizer reports and other
// exceptions are bugs.
#include "fuzz_common.hpp"
#include "lc/error.hpp"
#include "pipeline/city.hpp"
#include "pipeline/config.hpp"

#include <filesystem>
#include <string>

#ifndef LC_FUZZ_BASE_DIR
#error "LC_FUZZ_BASE_DIR must name tests/data/bad/base"
#endif
#ifndef LC_FUZZ_SHP_DIR
#error "LC_FUZZ_SHP_DIR must name tests/data/bad/shp_no_prj"
#endif

namespace {

void copy_sidecars() {
    namespace fs = std::filesystem;
    for (const char* ext : {".shx", ".dbf", ".cpg"}) {
        fs::copy_file(fs::path(LC_FUZZ_SHP_DIR) / (std::string("estates") + ext),
                      lc::fuzz::scratch() / (std::string("estates") + ext), fs::copy_options::overwrite_existing);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool copied = (copy_sidecars(), true);
    (void)copied;
    const auto path = lc::fuzz::write_input("estates.shp", data, size);
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
