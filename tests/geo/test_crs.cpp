#include "lc/error.hpp"
#include "lc/geo/crs.hpp"

#include <gtest/gtest.h>

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
