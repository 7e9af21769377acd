# Install rules and the Debian package (docs/install.md).
#
#   bin/lifecircle
#   lib/lifecircle/liblifecircle_gis.so         GDAL & co., loaded by bin/lifecircle as ../lib/lifecircle when a command needs them
#   share/lifecircle/{profiles,demo}            found from the binary as ../share/lifecircle
#   share/man/man1/lifecircle*.1                docs/CMakeLists.txt (pandoc)
#   share/bash-completion/completions/lifecircle
#   share/qgis/python/plugins/lifecircle/       QGIS's system plugin folder (when qgis/lifecircle exists)
#   share/doc/lifecircle/                       README, CHANGELOG, install notes
#
# Every destination is relative to the prefix, so `cmake --install build --prefix DIR`
# gives a tree that runs wherever it is moved.

install(TARGETS lifecircle RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET lifecircle_gis)  # LC_LAZY_GIS (src/CMakeLists.txt)
  install(TARGETS lifecircle_gis LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/lifecircle)
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/datasets/profiles ${PROJECT_SOURCE_DIR}/datasets/demo
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lifecircle)
install(FILES ${PROJECT_SOURCE_DIR}/scripts/lifecircle-completion.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME lifecircle)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/CHANGELOG.md ${PROJECT_SOURCE_DIR}/docs/install.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
if(EXISTS ${PROJECT_SOURCE_DIR}/qgis/lifecircle)
  # The QGIS Processing plugin; Debian's QGIS loads /usr/share/qgis/python/plugins.
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/qgis/lifecircle
          DESTINATION ${CMAKE_INSTALL_DATADIR}/qgis/python/plugins
          PATTERN "__pycache__" EXCLUDE
          PATTERN "*.pyc" EXCLUDE)
endif()

# --- CPack: lifecircle_<version>_<arch>.deb (scripts/package.sh) ---------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME lifecircle)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "lifecircle")
set(LC_DEB_MAINTAINER "lifecircle maintainers <maintainers@users.noreply.h-seed-e9012338.example>"
    CACHE STRING "Maintainer field of the .deb")
set(CPACK_PACKAGE_CONTACT "${LC_DEB_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "plan elderly-care service facilities of Chinese cities")
set(CPACK_PACKAGE_DESCRIPTION
"lifecircle checks residential estates and elderly-care facilities (GIS layers
of any format GDAL reads) against Chinese planning standards, measures the
15-minute walking service circle over the real walking network, proposes new
station sites with location-allocation optimisation and writes styled GIS
layers for QGIS and a report for planners. Includes the standards profiles of
several cities, an embedded demo city, man pages and bash completion.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # lifecircle_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends from dpkg-shlibdeps (dpkg-dev)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "qgis, python3-qgis")
# prerm: QGIS's __pycache__ in the plugin folder goes with the package.
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/cmake/deb/prerm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
include(CPack)
