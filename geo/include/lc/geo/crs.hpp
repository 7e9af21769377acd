// Coordinate reference systems and transformations (GDAL's OGRSpatialReference
// over PROJ). Every transformation uses traditional GIS axis order: x = easting
// or longitude, y = northing or latitude, whatever the EPSG definition says.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lc::geo {

/// An immutable coordinate reference system. Cheap to copy.
class Crs {
public:
    Crs() = default;  ///< an empty (unknown) CRS (inline: no GIS library needed, gis_loader.cpp)
    /// "EPSG:4544", a WKT string, a PROJ string, "urn:ogc:def:crs:..." - anything
    /// OGRSpatialReference::SetFromUserInput accepts. Throws lc::CrsError.
    static Crs from_user_input(std::string_view text);
    static Crs from_epsg(int code);
    static Crs from_wkt(std::string_view wkt);
    static Crs wgs84();  ///< EPSG:4326, lon/lat order

    [[nodiscard]] bool empty() const noexcept { return !m_impl; }
    [[nodiscard]] bool is_geographic() const;
    /// Projected with a linear unit of one metre.
    [[nodiscard]] bool is_projected_metric() const;
    [[nodiscard]] std::optional<int> epsg() const;
    [[nodiscard]] std::string name() const;
    /// "EPSG:4544" when an authority code is known, else the CRS name.
    [[nodiscard]] std::string label() const;
    [[nodiscard]] std::string wkt() const;
    [[nodiscard]] bool same_as(const Crs& other) const;
    /// Geographic on the CGCS2000 datum: EPSG:4490, or the same CRS from an ESRI
    /// .prj (GCS_China_Geodetic_Coordinate_System_2000) in either axis order.
    [[nodiscard]] bool is_cgcs2000_geographic() const;

    /// The underlying OGRSpatialReference (opaque here; geo/src only).
    [[nodiscard]] const void* native() const noexcept { return m_impl.get(); }

private:
    struct Impl;
    std::shared_ptr<const Impl> m_impl;
};

/// Transforms coordinates between two CRSs. Throws lc::CrsError when PROJ has no path.
class Transformer {
public:
    Transformer(const Crs& from, const Crs& to);
    ~Transformer();
    Transformer(Transformer&&) noexcept;
    Transformer& operator=(Transformer&&) noexcept;

    /// Transforms in place; throws lc::CrsError when a point cannot be transformed.
    void transform(std::span<double> xs, std::span<double> ys) const;
    void transform(double& x, double& y) const;
    [[nodiscard]] bool is_identity() const noexcept { return m_identity; }
    /// The OGRCoordinateTransformation (opaque here; geo/src only).
    [[nodiscard]] void* native() const noexcept { return m_native; }

private:
    void* m_native = nullptr;
    bool m_identity = false;
};

/// UTM zone number 1..60 for a longitude in degrees (with the Norway and Svalbard
/// exceptions of the UTM grid); longitudes are wrapped into [-180, 180).
int utm_zone(double lon, double lat);

/// EPSG code of the WGS 84 / UTM zone holding (lon, lat): 326zz north of the
/// equator, 327zz south of it.
int utm_epsg(double lon, double lat);

/// CGCS2000 3-degree Gauss-Kruger zones: zone n has its central meridian at
/// 3n degrees E and spans [3n - 1.5, 3n + 1.5) (a western edge belongs to the
/// zone, an eastern one to the next). China (73.62-134.77 E) lies in the zones of
/// central meridians 75 E to 135 E, i.e. longitudes [73.5, 136.5).
/// Returns that central meridian (75, 78, ..., 135), or nullopt for a longitude
/// outside [73.5, 136.5) or not finite.
std::optional<int> cgcs2000_gk3_central_meridian(double lon);

/// EPSG code of "CGCS2000 / 3-degree Gauss-Kruger CM <cm>E" holding `lon`: the
/// variant with false easting 500 km and no zone prefix, EPSG:4534 (CM 75 E) to
/// EPSG:4554 (CM 135 E), 4534 + (cm - 75) / 3; nullopt where
/// cgcs2000_gk3_central_meridian is.
std::optional<int> cgcs2000_gk3_epsg(double lon);

/// A CRS chosen by rule, with the reason in words (for summaries and reports).
struct CrsChoice {
    Crs crs;
    std::string reason;
};

/// The metric working CRS for data held in the geographic `data_crs` whose
/// centre is (lon, lat) in degrees:
/// - CGCS2000 data (is_cgcs2000_geographic) inside China's zones: the CGCS2000
///   3-degree Gauss-Kruger zone of the centre (cgcs2000_gk3_epsg), never UTM;
/// - CGCS2000 data outside them: the WGS 84 UTM zone of the centre, the reason
///   saying why;
/// - any other CRS: the WGS 84 UTM zone of the centre (utm_epsg).
CrsChoice metric_crs_for(const Crs& data_crs, double lon, double lat);

}  // namespace lc::geo
