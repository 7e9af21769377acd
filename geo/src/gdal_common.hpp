// GDAL set-up shared by geo/src files: registration once, errors kept quiet
// (they are reported through lc exceptions with CPLGetLastErrorMsg()).
#pragma once

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>

namespace lc::geo::detail {

/// Registers the GDAL drivers once and installs the quiet error handler.
void ensure_gdal();

/// The last GDAL error message, or "no details" when GDAL gave none.
std::string gdal_error();

struct DatasetCloser {
    void operator()(GDALDataset* ds) const noexcept { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct FeatureDeleter {
    void operator()(OGRFeature* f) const noexcept { OGRFeature::DestroyFeature(f); }
};
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;

}  // namespace lc::geo::detail
