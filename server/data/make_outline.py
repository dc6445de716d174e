"""Regenerate public/map/jiangsu-cities.geojson, the offline overview map's city boundaries.

Source: npm `echarts@4.9.0`, map/json/province/jiangsu.json (Apache-2.0): `npm pack echarts@4.9.0`, untar,
then `python3 make_outline.py package/map/json/province/jiangsu.json > ../../public/map/jiangsu-cities.geojson`.

echarts stores coordinates delta- and zigzag-encoded as characters; they come from a Chinese map vendor
(GCJ-02) and are shifted back to WGS-84 here, like every coordinate the platform stores. The outline is
for the offline overview and the tests only: a public map in China needs an approved basemap (审图号).
"""
import json
import sys

from make_districts import gcj_to_wgs


# About 300 m: invisible at the overview's zoom levels, and it keeps the file small for weak networks.
TOLERANCE = 0.003


def simplify(points, tolerance=TOLERANCE):
    """Ramer–Douglas–Peucker, keeping the ring closed."""
    if len(points) < 5:
        return points

    def distance(p, a, b):
        (x, y), (x1, y1), (x2, y2) = p, a, b
        dx, dy = x2 - x1, y2 - y1
        if dx == 0 and dy == 0:
            return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
        t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
        return ((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5

    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, worst = None, tolerance
        for i in range(first + 1, last):
            d = distance(points[i], points[first], points[last])
            if d > worst:
                index, worst = i, d
        if index is not None:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, k in zip(points, keep) if k]


def decode_ring(encoded, offset, scale=1024):
    prev_x, prev_y = offset
    ring = []
    for i in range(0, len(encoded), 2):
        x = ord(encoded[i]) - 64
        y = ord(encoded[i + 1]) - 64
        x = (x >> 1) ^ (-(x & 1))
        y = (y >> 1) ^ (-(y & 1))
        x += prev_x
        y += prev_y
        prev_x, prev_y = x, y
        lng, lat = gcj_to_wgs(x / scale, y / scale)
        ring.append([lng, lat])
    ring = [[round(x, 3), round(y, 3)] for x, y in simplify(ring)]
    # Drop consecutive duplicates that the rounding creates.
    return [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]


def main(path):
    data = json.load(open(path, encoding="utf-8"))
    features = []
    for f in data["features"]:
        g = f["geometry"]
        offsets = g["encodeOffsets"]
        if g["type"] == "Polygon":
            coords = [r for r in (decode_ring(r, o) for r, o in zip(g["coordinates"], offsets)) if len(r) >= 4]
        else:
            polygons = [[decode_ring(r, o) for r, o in zip(poly, poly_off)] for poly, poly_off in zip(g["coordinates"], offsets)]
            # Islets that simplify to nothing are dropped.
            coords = [[r for r in poly if len(r) >= 4] for poly in polygons if len(poly[0]) >= 4]
        features.append({
            "type": "Feature",
            "properties": {"adcode": int(f["id"]), "name": f["properties"]["name"]},
            "geometry": {"type": g["type"], "coordinates": coords},
        })
    json.dump({"type": "FeatureCollection", "features": features}, sys.stdout, ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1])
