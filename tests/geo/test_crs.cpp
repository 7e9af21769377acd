#include "lc/error.hpp"
#include "lc/geo/crs.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>

using lc::geo::Crs;
using lc::geo::Transformer;

// Zones are 6 degrees wide starting at 180 W: zone = floor((lon + 180) / 6) + 1.
TEST(UtmZone, OrdinaryZones) {
    EXPECT_EQ(lc::geo::utm_zone(106.23, 38.49), 48);   // Yinchuan: 102..108 E
    EXPECT_EQ(lc::geo::utm_zone(-51.2, -30.0), 22);    // Porto Alegre: 54..48 W
    EXPECT_EQ(lc::geo::utm_zone(-180.0, 0.0), 1);
    EXPECT_EQ(lc::geo::utm_zone(179.999, 0.0), 60);
    EXPECT_EQ(lc::geo::utm_zone(180.0, 0.0), 1);       // wraps to -180
}

TEST(UtmZone, ZoneEdgesBelongToTheEasternZone) {
    EXPECT_EQ(lc::geo::utm_zone(108.0, 30.0), 49);     // 108 E starts zone 49
    EXPECT_EQ(lc::geo::utm_zone(107.9999, 30.0), 48);
    EXPECT_EQ(lc::geo::utm_zone(0.0, 0.0), 31);
    EXPECT_EQ(lc::geo::utm_zone(-0.0001, 0.0), 30);
}

TEST(UtmZone, NorwayAndSvalbardExceptions) {
    EXPECT_EQ(lc::geo::utm_zone(5.0, 60.0), 32);       // Bergen: would be 31
    EXPECT_EQ(lc::geo::utm_zone(15.0, 78.0), 33);      // Svalbard
    EXPECT_EQ(lc::geo::utm_zone(24.9, 60.17), 35);     // Helsinki, no exception
}

TEST(UtmZone, HemisphereSelectsEpsgSeries) {
    EXPECT_EQ(lc::geo::utm_epsg(106.23, 38.49), 32648);
    EXPECT_EQ(lc::geo::utm_epsg(-51.2, -30.0), 32722);  // southern: 327zz
    EXPECT_EQ(lc::geo::utm_epsg(24.9, 60.17), 32635);
}

// Known point from shared/BUILD_NOTES.md (OGR and PROJ agree exactly):
// EPSG:4544 (CGCS2000 / 3-degree GK CM 105E), (104.0665 E, 30.5723 N)
// -> E 410449.4253, N 3383928.0881. Axis order must be easting, northing.
TEST(Transformer, Cgcs2000GaussKrugerKnownPoint) {
    const Transformer t(Crs::from_epsg(4490), Crs::from_epsg(4544));
    double x = 104.0665, y = 30.5723;
    t.transform(x, y);
    EXPECT_NEAR(x, 410449.4253, 1e-3);
    EXPECT_NEAR(y, 3383928.0881, 1e-3);
    const Transformer back(Crs::from_epsg(4544), Crs::from_epsg(4326));
    back.transform(x, y);
    EXPECT_NEAR(x, 104.0665, 1e-8);
    EXPECT_NEAR(y, 30.5723, 1e-8);
}

// Web Mercator of (180 E, 0) is x = pi * 6378137 = 20037508.3428 (EPSG:3857 definition).
TEST(Transformer, WebMercatorByHand) {
    const Transformer t(Crs::wgs84(), Crs::from_epsg(3857));
    double x = 180.0, y = 0.0;
    t.transform(x, y);
    EXPECT_NEAR(x, 20037508.342789244, 1e-4);
    EXPECT_NEAR(y, 0.0, 1e-6);
}

// On the central meridian of a UTM zone x = 500000 (false easting) by definition,
// and at the equator y = 0 (north) or 10000000 (south false northing).
TEST(Transformer, UtmCentralMeridian) {
    const Transformer north(Crs::wgs84(), Crs::from_epsg(32648));
    double x = 105.0, y = 0.0;
    north.transform(x, y);
    EXPECT_NEAR(x, 500000.0, 1e-6);
    EXPECT_NEAR(y, 0.0, 1e-6);
    const Transformer south(Crs::wgs84(), Crs::from_epsg(32722));
    x = -51.0;
    y = -0.0000001;
    south.transform(x, y);
    EXPECT_NEAR(x, 500000.0, 1e-6);
    EXPECT_NEAR(y, 10000000.0, 0.05);
}

TEST(Crs, Properties) {
    EXPECT_TRUE(Crs::from_epsg(4544).is_projected_metric());
    EXPECT_FALSE(Crs::from_epsg(4490).is_projected_metric());
    EXPECT_TRUE(Crs::from_epsg(4490).is_geographic());
    EXPECT_EQ(Crs::from_user_input("EPSG:4547").epsg(), 4547);
    EXPECT_EQ(Crs::from_epsg(4544).label(), "EPSG:4544");
    EXPECT_THROW(Crs::from_user_input("EPSG:99999999"), lc::CrsError);
    EXPECT_THROW(Crs::from_user_input("not a crs"), lc::CrsError);
}

// CGCS2000 3-degree Gauss-Kruger zones: zone n has its central meridian at 3n E
// and spans [3n - 1.5, 3n + 1.5), so n = floor((lon + 1.5) / 3):
//   Yinchuan 106.2:  floor(107.7 / 3) = floor(35.9)    = 35 -> CM 105
//   117.0:           floor(118.5 / 3) = floor(39.5)    = 39 -> CM 117
//   106.5 (edge):    floor(108.0 / 3) = 36             -> CM 108 (an edge belongs to the eastern zone)
//   106.4999:        floor(107.9999 / 3) = floor(35.99997) = 35 -> CM 105
//   103.5 (edge):    floor(105.0 / 3) = 35             -> CM 105
//   103.4999:        floor(104.9999 / 3) = 34          -> CM 102
//   73.5:  floor(75 / 3) = 25 -> CM 75, the first zone;  73.4999: 24 -> none
//   136.4999: floor(137.9999 / 3) = 45 -> CM 135, the last; 136.5: 46 -> none
TEST(Cgcs2000Zone, CentralMeridianByHand) {
    using lc::geo::cgcs2000_gk3_central_meridian;
    EXPECT_EQ(cgcs2000_gk3_central_meridian(106.2), 105);
    EXPECT_EQ(cgcs2000_gk3_central_meridian(117.0), 117);
    EXPECT_EQ(cgcs2000_gk3_central_meridian(106.5), 108);
    EXPECT_EQ(cgcs2000_gk3_central_meridian(106.4999), 105);
    EXPECT_EQ(cgcs2000_gk3_central_meridian(103.5), 105);
    EXPECT_EQ(cgcs2000_gk3_central_meridian(103.4999), 102);
    EXPECT_EQ(cgcs2000_gk3_central_meridian(73.5), 75);
    EXPECT_EQ(cgcs2000_gk3_central_meridian(136.4999), 135);
    EXPECT_EQ(cgcs2000_gk3_central_meridian(73.4999), std::nullopt);
    EXPECT_EQ(cgcs2000_gk3_central_meridian(136.5), std::nullopt);
    EXPECT_EQ(cgcs2000_gk3_central_meridian(-106.2), std::nullopt);
    EXPECT_EQ(cgcs2000_gk3_central_meridian(std::nan("")), std::nullopt);
}

// EPSG:4534 is CM 75E and the codes run up by one a zone to EPSG:4554, CM 135E
// (checked with `projinfo EPSG:4534` ... `EPSG:4554`: +lon_0=75 ... +lon_0=135,
// +x_0=500000, no zone prefix): 4534 + (cm - 75) / 3, so CM 105 -> 4544, CM 117 -> 4548.
TEST(Cgcs2000Zone, EpsgCodesByHandAndFromProj) {
    using lc::geo::cgcs2000_gk3_epsg;
    EXPECT_EQ(cgcs2000_gk3_epsg(106.2), 4544);
    EXPECT_EQ(cgcs2000_gk3_epsg(117.0), 4548);
    EXPECT_EQ(cgcs2000_gk3_epsg(106.5), 4545);
    EXPECT_EQ(cgcs2000_gk3_epsg(73.5), 4534);
    EXPECT_EQ(cgcs2000_gk3_epsg(136.4999), 4554);
    EXPECT_EQ(cgcs2000_gk3_epsg(140.2), std::nullopt);
    // Every code is the CGCS2000 "CM" CRS of its meridian: on the central meridian
    // x is the false easting 500000 exactly, and its name says the meridian.
    for (int cm = 75; cm <= 135; cm += 3) {
        const int code = *cgcs2000_gk3_epsg(cm);
        const Crs crs = Crs::from_epsg(code);
        EXPECT_EQ(crs.name(), "CGCS2000 / 3-degree Gauss-Kruger CM " + std::to_string(cm) + "E") << code;
        double x = cm, y = 35.0;
        Transformer(Crs::from_epsg(4490), crs).transform(x, y);
        EXPECT_NEAR(x, 500000.0, 1e-6) << code;
    }
}

TEST(Cgcs2000Zone, RecognisesCgcs2000FromEpsgAndFromAnEsriPrj) {
    EXPECT_TRUE(Crs::from_epsg(4490).is_cgcs2000_geographic());
    // What ArcGIS writes into a .prj for CGCS2000 (longitude first, ESRI names).
    const Crs esri = Crs::from_user_input(
        R"(GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]])");
    EXPECT_TRUE(esri.is_cgcs2000_geographic());
    EXPECT_FALSE(Crs::wgs84().is_cgcs2000_geographic());    // same ellipsoid size, another datum
    EXPECT_FALSE(Crs::from_epsg(4544).is_cgcs2000_geographic());  // projected
    EXPECT_FALSE(Crs::from_epsg(4214).is_cgcs2000_geographic());  // Beijing 1954
    EXPECT_FALSE(Crs().is_cgcs2000_geographic());
}

// The working CRS of lon/lat data: CGCS2000 inside China's zones -> its GK zone,
// never UTM; CGCS2000 outside them -> UTM, saying why; WGS 84 -> UTM as before.
TEST(Cgcs2000Zone, MetricCrsForGeographicData) {
    const auto yinchuan = lc::geo::metric_crs_for(Crs::from_epsg(4490), 106.2, 38.5);
    EXPECT_EQ(yinchuan.crs.epsg(), 4544);
    EXPECT_NE(yinchuan.reason.find("CGCS2000 3-degree Gauss-Kruger zone"), std::string::npos) << yinchuan.reason;
    EXPECT_NE(yinchuan.reason.find("CM 105E"), std::string::npos) << yinchuan.reason;
    EXPECT_EQ(lc::geo::metric_crs_for(Crs::from_epsg(4490), 117.0, 31.0).crs.epsg(), 4548);
    // 140.2 E (Japan) is beyond 136.5 E: UTM zone floor((140.2 + 180) / 6) + 1 = 54.
    const auto outside = lc::geo::metric_crs_for(Crs::from_epsg(4490), 140.2, 36.0);
    EXPECT_EQ(outside.crs.epsg(), 32654);
    EXPECT_NE(outside.reason.find("UTM"), std::string::npos) << outside.reason;
    EXPECT_NE(outside.reason.find("140.20"), std::string::npos) << outside.reason;
    EXPECT_NE(outside.reason.find("outside the CGCS2000"), std::string::npos) << outside.reason;
    const auto wgs = lc::geo::metric_crs_for(Crs::wgs84(), 106.2, 38.5);
    EXPECT_EQ(wgs.crs.epsg(), 32648);
    EXPECT_EQ(wgs.reason, "the UTM zone of the data's centre");
}
