// Reads an output layer back with GDAL for CLI tests: feature id -> field -> text.
#pragma once

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

namespace lc::test {

using Table = std::map<std::string, std::map<std::string, std::string>>;

/// Attribute values of layer `layer` of `source` (default: the first layer; a
/// file or a "PG:…" connection) by the `id` field, else by feature id (nulls as
/// "<null>", the geometry type under "<geometry>").
inline Table read_table(const std::string& source, const std::string& layer = {}) {
    const std::string& file = source;
    GDALAllRegister();
    Table t;
    std::unique_ptr<GDALDataset, void (*)(GDALDataset*)> ds(
        static_cast<GDALDataset*>(GDALOpenEx(file.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)),
        [](GDALDataset* p) { GDALClose(p); });
    if (!ds) {
        ADD_FAILURE() << "cannot open " << file;
        return t;
    }
    OGRLayer* l = layer.empty() ? ds->GetLayer(0) : ds->GetLayerByName(layer.c_str());
    if (!l) {
        ADD_FAILURE() << "no layer " << layer << " in " << file;
        return t;
    }
    const bool by_id = l->GetLayerDefn()->GetFieldIndex("id") >= 0;
    for (auto& f : *l) {
        auto& row = t[by_id ? std::string(f->GetFieldAsString("id")) : std::to_string(f->GetFID())];
        for (int k = 0; k < f->GetFieldCount(); ++k) {
            row[f->GetFieldDefnRef(k)->GetNameRef()] = f->IsFieldSetAndNotNull(k) ? f->GetFieldAsString(k) : "<null>";
        }
        row["<geometry>"] = f->GetGeometryRef() ? f->GetGeometryRef()->getGeometryName() : "<none>";
    }
    return t;
}

}  // namespace lc::test
