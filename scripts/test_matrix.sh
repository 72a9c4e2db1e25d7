#!/usr/bin/env bash
# make test-matrix: the whole suite on each QGIS flavour, one summary line per platform, e.g.
#   QGIS 3.44.16 (debian13-backports): 812 passed, 0 failed
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
summary=()
for flavour in "$@"; do
    report="/tmp/phso-test-matrix-$flavour.xml"
    rm -f "$report"
    PYTEST_ARGS="-q -p no:cacheprovider --junitxml=$report ${PYTEST_ARGS:-}" \
        scripts/debian13_env.sh run "$flavour" make --no-print-directory test PLATFORM="$flavour" || status=1
    version=$(scripts/debian13_env.sh version "$flavour")
    origin=$([ "$flavour" = qgis-3.44 ] && echo debian13-backports || echo debian13)
    root=${PHSO_ENV_DIR:-/var/tmp/phso-insight-env}/$flavour
    counts=$(/usr/bin/python3 - "$root$report" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    suite = ET.parse(sys.argv[1]).getroot()
    suite = suite if suite.tag == "testsuite" else suite[0]
    tests, failed = int(suite.get("tests")), int(suite.get("failures")) + int(suite.get("errors"))
    skipped = int(suite.get("skipped"))
    print(f"{tests - failed - skipped} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
except Exception as err:
    print(f"no test report ({err})")
PY
)
    summary+=("QGIS $version ($origin): $counts")
done
printf '%s\n' "${summary[@]}"
exit $status
