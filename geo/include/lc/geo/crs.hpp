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
    Crs();  ///< an empty (unknown) CRS
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

}  // namespace lc::geo
