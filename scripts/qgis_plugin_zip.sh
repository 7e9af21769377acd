#!/usr/bin/env bash
# Zips the QGIS plugin for the plugin manager ("Install from ZIP"):
# qgis/lifecircle/ -> build/lifecircle-qgis-plugin.zip (the folder lifecircle/ inside),
# after checking that metadata.txt's version is CMake's project VERSION.
# Usage: scripts/qgis_plugin_zip.sh [--check] [-o ZIP]
#   --check  only compare the versions (exit 1 when they differ)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/${BUILD_DIR:-build}/lifecircle-qgis-plugin.zip"
CHECK_ONLY=0
while (($#)); do
  case "$1" in
    --check) CHECK_ONLY=1; shift ;;
    -o) OUT="$2"; shift 2 ;;
    *) echo "usage: $0 [--check] [-o ZIP]" >&2; exit 2 ;;
  esac
done

cmake_version="$(sed -n 's/^project(lifecircle VERSION \([0-9.]*\).*/\1/p' "$ROOT/CMakeLists.txt")"
plugin_version="$(sed -n 's/^version=\(.*\)$/\1/p' "$ROOT/qgis/lifecircle/metadata.txt" | tr -d '\r ')"
if [ -z "$cmake_version" ] || [ -z "$plugin_version" ]; then
  echo "qgis_plugin_zip: cannot read the versions (CMakeLists.txt: '$cmake_version', metadata.txt: '$plugin_version')" >&2
  exit 1
fi
if [ "$cmake_version" != "$plugin_version" ]; then
  echo "qgis_plugin_zip: qgis/lifecircle/metadata.txt version=$plugin_version but CMakeLists.txt project VERSION $cmake_version: set both to the same release" >&2
  exit 1
fi
echo "qgis_plugin_zip: version $plugin_version (metadata.txt = CMakeLists.txt)"
((CHECK_ONLY)) && exit 0

mkdir -p "$(dirname "$OUT")"
python3 - "$ROOT/qgis" "$OUT" <<'PYEOF'
import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
tmp = out + ".tmp"
with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
    for folder, dirs, files in os.walk(os.path.join(src, "lifecircle")):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for f in sorted(files):
            if f.endswith((".pyc", ".pyo", "~")):
                continue
            path = os.path.join(folder, f)
            z.write(path, os.path.relpath(path, src))
    names = z.namelist()
for needed in ("lifecircle/metadata.txt", "lifecircle/__init__.py"):
    assert needed in names, needed
os.replace(tmp, out)
print("qgis_plugin_zip: %s (%d files)" % (out, len(names)))
PYEOF
