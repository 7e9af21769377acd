// liblifecircle_gis.so: lc_gis_module_version beside the whole of lc_geo (GDAL,
// GEOS, PROJ, osmium), which the lifecircle executable loads when a command first
// calls into lc_geo (gis_loader.cpp). The loader refuses a module of another
// version: its lc_geo functions need not match the executable's trampolines.
extern "C" {
extern const char lc_gis_module_version[];
const char lc_gis_module_version[] = LC_VERSION;
}
