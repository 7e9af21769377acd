#include "lc/geo/crs.hpp"

#include "gdal_common.hpp"
#include "lc/error.hpp"

#include <ogr_spatialref.h>

#include <cmath>
#include <cstdio>
#include <vector>

namespace lc::geo {

struct Crs::Impl {
    OGRSpatialReference srs;
};

namespace {
const OGRSpatialReference& srs_of(const Crs& crs) {
    return *static_cast<const OGRSpatialReference*>(crs.native());
}
}  // namespace


Crs Crs::from_user_input(std::string_view text) {
    detail::ensure_gdal();  // PROJ's complaints go to the quiet handler, not stderr
    auto impl = std::make_shared<Impl>();
    const std::string s(text);
    if (impl->srs.SetFromUserInput(s.c_str()) != OGRERR_NONE) {
        throw CrsError("crs: cannot understand '" + s + "' (use e.g. EPSG:4544, EPSG:4326 or a WKT string)");
    }
    impl->srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    Crs crs;
    crs.m_impl = std::move(impl);
    return crs;
}

Crs Crs::from_epsg(int code) {
    detail::ensure_gdal();  // PROJ's complaints go to the quiet handler, not stderr
    auto impl = std::make_shared<Impl>();
    if (impl->srs.importFromEPSG(code) != OGRERR_NONE) {
        throw CrsError("crs: unknown EPSG code " + std::to_string(code));
    }
    impl->srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    Crs crs;
    crs.m_impl = std::move(impl);
    return crs;
}

Crs Crs::from_wkt(std::string_view wkt) {
    detail::ensure_gdal();  // PROJ's complaints go to the quiet handler, not stderr
    auto impl = std::make_shared<Impl>();
    const std::string s(wkt);
    if (impl->srs.importFromWkt(s.c_str()) != OGRERR_NONE) {
        throw CrsError("crs: cannot read WKT definition");
    }
    impl->srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    Crs crs;
    crs.m_impl = std::move(impl);
    return crs;
}

Crs Crs::wgs84() {
    static const Crs crs = from_epsg(4326);
    return crs;
}

bool Crs::is_geographic() const { return m_impl && srs_of(*this).IsGeographic(); }

bool Crs::is_projected_metric() const {
    if (!m_impl || !srs_of(*this).IsProjected()) return false;
    return std::abs(srs_of(*this).GetLinearUnits() - 1.0) < 1e-9;
}

std::optional<int> Crs::epsg() const {
    if (!m_impl) return std::nullopt;
    const auto& srs = srs_of(*this);
    const char* auth = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (auth && code && std::string_view(auth) == "EPSG") return std::stoi(code);
    // Try to identify a known EPSG definition (e.g. from an ESRI .prj).
    OGRSpatialReference copy(srs);
    if (copy.AutoIdentifyEPSG() == OGRERR_NONE) {
        auth = copy.GetAuthorityName(nullptr);
        code = copy.GetAuthorityCode(nullptr);
        if (auth && code && std::string_view(auth) == "EPSG") return std::stoi(code);
    }
    return std::nullopt;
}

std::string Crs::name() const {
    if (!m_impl) return "(none)";
    const char* n = srs_of(*this).GetName();
    return n ? n : "(unnamed)";
}

std::string Crs::label() const {
    if (auto code = epsg()) return "EPSG:" + std::to_string(*code);
    return name();
}

std::string Crs::wkt() const {
    if (!m_impl) return {};
    char* text = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    srs_of(*this).exportToWkt(&text, options);
    std::string out = text ? text : "";
    CPLFree(text);
    return out;
}

bool Crs::same_as(const Crs& other) const {
    if (empty() || other.empty()) return empty() == other.empty();
    const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT", nullptr};
    return srs_of(*this).IsSame(&srs_of(other), options) != 0;
}

bool Crs::is_cgcs2000_geographic() const {
    if (!is_geographic()) return false;
    static const Crs cgcs2000 = from_epsg(4490);
    const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS",
                             nullptr};
    return srs_of(*this).IsSame(&srs_of(cgcs2000), options) != 0;
}

Transformer::Transformer(const Crs& from, const Crs& to) {
    if (from.empty() || to.empty()) throw CrsError("crs: cannot transform from or to an unknown CRS");
    if (from.same_as(to)) {
        m_identity = true;
        return;
    }
    m_native = OGRCreateCoordinateTransformation(&srs_of(from), &srs_of(to));
    if (!m_native) {
        throw CrsError("crs: no transformation from " + from.label() + " to " + to.label());
    }
}

Transformer::~Transformer() {
    if (m_native) OGRCoordinateTransformation::DestroyCT(static_cast<OGRCoordinateTransformation*>(m_native));
}

Transformer::Transformer(Transformer&& other) noexcept
    : m_native(std::exchange(other.m_native, nullptr)), m_identity(other.m_identity) {}

Transformer& Transformer::operator=(Transformer&& other) noexcept {
    if (this != &other) {
        if (m_native) OGRCoordinateTransformation::DestroyCT(static_cast<OGRCoordinateTransformation*>(m_native));
        m_native = std::exchange(other.m_native, nullptr);
        m_identity = other.m_identity;
    }
    return *this;
}

void Transformer::transform(std::span<double> xs, std::span<double> ys) const {
    if (m_identity || xs.empty()) return;
    std::vector<int> ok(xs.size(), 0);
    auto* ct = static_cast<OGRCoordinateTransformation*>(m_native);
    ct->Transform(xs.size(), xs.data(), ys.data(), nullptr, ok.data());
    for (std::size_t i = 0; i < ok.size(); ++i) {
        if (!ok[i] || !std::isfinite(xs[i]) || !std::isfinite(ys[i])) {
            throw CrsError("crs: a coordinate cannot be transformed (point " + std::to_string(i) +
                           "); is the layer's CRS right?");
        }
    }
}

void Transformer::transform(double& x, double& y) const {
    transform(std::span<double>(&x, 1), std::span<double>(&y, 1));
}

int utm_zone(double lon, double lat) {
    double l = std::fmod(lon + 180.0, 360.0);
    if (l < 0) l += 360.0;
    int zone = static_cast<int>(std::floor(l / 6.0)) + 1;
    if (zone > 60) zone = 60;
    const double w = l - 180.0;
    // Norway: zone 32 widened to 3..12 E between 56 and 64 N.
    if (lat >= 56.0 && lat < 64.0 && w >= 3.0 && w < 12.0) zone = 32;
    // Svalbard: zones 31, 33, 35, 37 between 72 and 84 N.
    if (lat >= 72.0 && lat < 84.0) {
        if (w >= 0.0 && w < 9.0) zone = 31;
        else if (w >= 9.0 && w < 21.0) zone = 33;
        else if (w >= 21.0 && w < 33.0) zone = 35;
        else if (w >= 33.0 && w < 42.0) zone = 37;
    }
    return zone;
}

int utm_epsg(double lon, double lat) {
    return (lat >= 0.0 ? 32600 : 32700) + utm_zone(lon, lat);
}

namespace {
constexpr int k_gk3_first_cm = 75;     // EPSG:4534, CGCS2000 / 3-degree Gauss-Kruger CM 75E
constexpr int k_gk3_last_cm = 135;     // EPSG:4554, CM 135E
constexpr int k_gk3_first_epsg = 4534;
}  // namespace

std::optional<int> cgcs2000_gk3_central_meridian(double lon) {
    if (!std::isfinite(lon)) return std::nullopt;
    const double n = std::floor((lon + 1.5) / 3.0);  // zone n spans [3n - 1.5, 3n + 1.5)
    const double cm = 3.0 * n;
    if (cm < k_gk3_first_cm || cm > k_gk3_last_cm) return std::nullopt;
    return static_cast<int>(cm);
}

std::optional<int> cgcs2000_gk3_epsg(double lon) {
    const auto cm = cgcs2000_gk3_central_meridian(lon);
    if (!cm) return std::nullopt;
    return k_gk3_first_epsg + (*cm - k_gk3_first_cm) / 3;
}

CrsChoice metric_crs_for(const Crs& data_crs, double lon, double lat) {
    const std::string utm = "the UTM zone of the data's centre";
    if (!data_crs.is_cgcs2000_geographic()) return {Crs::from_epsg(utm_epsg(lon, lat)), utm};
    if (const auto code = cgcs2000_gk3_epsg(lon)) {
        return {Crs::from_epsg(*code), "the CGCS2000 3-degree Gauss-Kruger zone of the data's centre (CM " +
                                           std::to_string(*cgcs2000_gk3_central_meridian(lon)) +
                                           "E), the data being in CGCS2000"};
    }
    char where[32];
    std::snprintf(where, sizeof where, "%.2f", lon);
    return {Crs::from_epsg(utm_epsg(lon, lat)),
            utm + ": the data are in CGCS2000 but their centre (longitude " + where +
                ") is outside the CGCS2000 3-degree Gauss-Kruger zones (73.5E to 136.5E)"};
}

}  // namespace lc::geo
