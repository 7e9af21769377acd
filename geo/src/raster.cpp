#include "lc/geo/raster.hpp"

#include "gdal_common.hpp"
#include "lc/error.hpp"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace lc::geo {

bool is_raster(const std::string& path) {
    detail::ensure_gdal();
    detail::DatasetPtr ds(static_cast<GDALDataset*>(
        GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    return ds && ds->GetRasterCount() > 0;
}

namespace {

struct OpenedRaster {
    detail::DatasetPtr ds;
    Crs crs;
    double gt[6] = {0, 1, 0, 0, 0, 1};
};

OpenedRaster open_raster(const std::string& path, const std::string& assume_crs) {
    detail::ensure_gdal();
    OpenedRaster r;
    r.ds.reset(static_cast<GDALDataset*>(
        GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!r.ds || r.ds->GetRasterCount() < 1) {
        throw InputError(InputLocation{path, {}, {}, {}}, "GDAL cannot open it as a raster (" + detail::gdal_error() + ")");
    }
    if (const OGRSpatialReference* srs = r.ds->GetSpatialRef()) {
        char* wkt = nullptr;
        srs->exportToWkt(&wkt);
        r.crs = Crs::from_wkt(wkt ? wkt : "");
        CPLFree(wkt);
    } else if (!assume_crs.empty()) {
        r.crs = Crs::from_user_input(assume_crs);
    } else {
        throw CrsError(InputLocation{path, {}, {}, {}}, "the raster has no CRS (give one with --assume-crs)");
    }
    if (r.ds->GetGeoTransform(r.gt) != CE_None) {
        throw InputError(InputLocation{path, {}, {}, {}}, "the raster has no geotransform (cell positions unknown)");
    }
    return r;
}

/// Residents per square metre above which a cell is no real population: the
/// densest real city districts hold about 0.1 persons/m² (e.g. Hong Kong's
/// Kwun Tong, ~60,000 per km²), so 1 person/m² leaves a factor of ten.
constexpr double k_max_persons_per_m2 = 1.0;

/// "band 1, cell rRcC (row R, column C, from 0) at (X, Y) in CRS": where a cell is
/// (its centre, in the raster's CRS), for messages; rRcC is the cell's feature id.
std::string cell_name(int y, int x, const double* gt, const Crs& crs) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "band 1, cell r%dc%d (row %d, column %d, from 0) at (%.3f, %.3f) in ", y, x, y, x,
                  gt[0] + (x + 0.5) * gt[1] + (y + 0.5) * gt[2], gt[3] + (x + 0.5) * gt[4] + (y + 0.5) * gt[5]);
    return buf + crs.label();
}

/// Throws for a value that is not a head count: NaN, infinite or negative
/// (when not the band's nodata value, which callers skip first).
void check_cell_value(double v, const std::string& path, const std::string& cell) {
    if (std::isfinite(v) && v >= 0) return;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    throw InputError(InputLocation{path, {}, {}, {}},
                     cell + ": value " + buf + " is not a population (" +
                         (std::isfinite(v) ? "negative" : "not a finite number") +
                         "; mark empty cells with the band's nodata value)");
}

/// Throws when a cell of `area_m2` holds more than k_max_persons_per_m2.
void check_cell_density(double v, double area_m2, const std::string& path, const std::string& cell) {
    if (!(area_m2 > 0) || v / area_m2 <= k_max_persons_per_m2) return;
    char buf[160];
    std::snprintf(buf, sizeof buf, ": value %g is implausible: %.3g persons per m² in a cell of %.6g m²", v,
                  v / area_m2, area_m2);
    throw InputError(InputLocation{path, {}, {}, {}},
                     cell + buf + " (more than 1 person per m²; the densest real districts hold about 0.1)");
}

bool is_nodata(double v, int has_nodata, double nodata) {
    return has_nodata && (v == nodata || (std::isnan(v) && std::isnan(nodata)));
}

}  // namespace

LayerInfo probe_raster(const std::string& path, const std::string& assume_crs) {
    OpenedRaster r = open_raster(path, assume_crs);
    const double nx = r.ds->GetRasterXSize(), ny = r.ds->GetRasterYSize();
    double xs[4], ys[4];
    const double corners[4][2] = {{0, 0}, {nx, 0}, {nx, ny}, {0, ny}};
    for (int k = 0; k < 4; ++k) {
        xs[k] = r.gt[0] + corners[k][0] * r.gt[1] + corners[k][1] * r.gt[2];
        ys[k] = r.gt[3] + corners[k][0] * r.gt[4] + corners[k][1] * r.gt[5];
    }
    const Transformer t(r.crs, Crs::wgs84());
    t.transform(std::span<double>(xs, 4), std::span<double>(ys, 4));
    LayerInfo info;
    info.crs = r.crs;
    info.feature_count = static_cast<std::int64_t>(nx * ny);
    info.extent_lonlat = Box{*std::min_element(xs, xs + 4), *std::min_element(ys, ys + 4),
                             *std::max_element(xs, xs + 4), *std::max_element(ys, ys + 4)};
    return info;
}

std::vector<RasterCell> read_raster_cells(const std::string& path, const Crs& target, const std::string& assume_crs) {
    OpenedRaster opened = open_raster(path, assume_crs);
    detail::DatasetPtr& ds = opened.ds;
    const Crs& crs = opened.crs;
    const double* gt = opened.gt;
    GDALRasterBand* band = ds->GetRasterBand(1);
    const int nx = band->GetXSize();
    const int ny = band->GetYSize();
    int has_nodata = 0;
    const double nodata = band->GetNoDataValue(&has_nodata);
    const Transformer t(crs, target.empty() ? crs : target);
    const bool metric = (target.empty() ? crs : target).is_projected_metric();  // cell areas in m²
    std::vector<double> row(static_cast<std::size_t>(nx));
    std::vector<RasterCell> out;
    for (int y = 0; y < ny; ++y) {
        if (band->RasterIO(GF_Read, 0, y, nx, 1, row.data(), nx, 1, GDT_Float64, 0, 0) != CE_None) {
            throw InputError(InputLocation{path, {}, "row " + std::to_string(y), {}},
                             "cannot read the raster (" + detail::gdal_error() + ")");
        }
        for (int x = 0; x < nx; ++x) {
            const double v = row[static_cast<std::size_t>(x)];
            if (is_nodata(v, has_nodata, nodata)) continue;
            check_cell_value(v, path, cell_name(y, x, gt, crs));
            if (v == 0) continue;
            double xs[5], ys[5];
            const double corners[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
            for (int k = 0; k < 4; ++k) {
                const double px = x + corners[k][0], py = y + corners[k][1];
                xs[k] = gt[0] + px * gt[1] + py * gt[2];
                ys[k] = gt[3] + px * gt[4] + py * gt[5];
            }
            xs[4] = gt[0] + (x + 0.5) * gt[1] + (y + 0.5) * gt[2];
            ys[4] = gt[3] + (x + 0.5) * gt[4] + (y + 0.5) * gt[5];
            t.transform(std::span<double>(xs, 5), std::span<double>(ys, 5));
            RasterCell cell;
            cell.id = "r" + std::to_string(y) + "c" + std::to_string(x);
            cell.value = v;
            const Point ring[4] = {{xs[0], ys[0]}, {xs[1], ys[1]}, {xs[2], ys[2]}, {xs[3], ys[3]}};
            cell.polygon = Geometry::polygon(ring);
            if (metric) check_cell_density(v, cell.polygon.area(), path, cell_name(y, x, gt, crs));
            cell.centre = {xs[4], ys[4]};
            out.push_back(std::move(cell));
        }
    }
    return out;
}

}  // namespace lc::geo
