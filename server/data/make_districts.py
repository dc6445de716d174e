"""Regenerate jiangsu-districts.csv from PyPI `cpca` (MIT): `pip download --no-deps cpca`, unzip, then
`python3 make_districts.py path/to/cpca/resources/adcodes.csv > jiangsu-districts.csv`.

cpca's coordinates come from a Chinese map vendor and are GCJ-02; the platform stores WGS-84 everywhere,
so they are shifted back here with the usual iterative inverse of the published forward transform
(good to well under a metre, far better than the approximate centres need).
"""
import csv
import math
import sys

A = 6378245.0
EE = 0.00669342162296594323


def _out_of_china(lng, lat):
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _t_lat(x, y):
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _t_lng(x, y):
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs_to_gcj(lng, lat):
    if _out_of_china(lng, lat):
        return lng, lat
    dlat = _t_lat(lng - 105.0, lat - 35.0)
    dlng = _t_lng(lng - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((A * (1 - EE)) / (magic * sqrtmagic) * math.pi)
    dlng = (dlng * 180.0) / (A / sqrtmagic * math.cos(radlat) * math.pi)
    return lng + dlng, lat + dlat


def gcj_to_wgs(lng, lat):
    wlng, wlat = lng, lat
    for _ in range(10):
        glng, glat = wgs_to_gcj(wlng, wlat)
        wlng -= glng - lng
        wlat -= glat - lat
    return wlng, wlat


# cpca predates some re-organisations; these bring its list up to the current divisions.
RENAMED = {
    "320621": ("320685", "海安市"),  # 海安县 became a county-level city in 2018
    "320684": ("320614", "海门区"),  # 海门市 became a district in 2020
}
MERGED_AWAY = {"320611"}  # 港闸区 merged into 崇川区 in 2020
# Missing entirely: 清江浦区 (清河区 + 清浦区, 2016). Approximate centre, already WGS-84.
ADDED = [("320812", "320800", "清江浦区", "119.02000", "33.57000")]


def main(path):
    rows = list(ADDED)
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            code = r["adcode"][:6]
            if not code.startswith("32") or code.endswith("00") or not r["longitude"]:
                continue
            if code in MERGED_AWAY:
                continue
            code, name = RENAMED.get(code, (code, r["name"]))
            lng, lat = gcj_to_wgs(float(r["longitude"]), float(r["latitude"]))
            rows.append((code, code[:4] + "00", name, f"{lng:.5f}", f"{lat:.5f}"))
    rows.sort()
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["adcode", "city_adcode", "name", "lng", "lat"])
    w.writerows(rows)


if __name__ == "__main__":
    main(sys.argv[1])
