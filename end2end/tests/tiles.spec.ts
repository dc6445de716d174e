// A basemap from a tile service (天地图 in production), proven against a tile server of the test's own:
// the URL template is filled in as Leaflet's XYZ scheme has it, the operator's attribution is shown (as
// text), and the map stays within the zoom levels the service has.
import { createServer } from "node:http";
import { type AddressInfo } from "node:net";

import { expect, test } from "./fixtures";
import { startInstance, stopInstance } from "./helpers";

const basePort = Number(process.env.LINGONG_E2E_PORT ?? 3100);
// A 1×1 PNG, for every tile.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

/** The XYZ tile holding a point at zoom `z` (Web Mercator). */
function tileOf(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lng + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return [x, y];
}

test("with LINGONG_TILE_URL the map draws its tiles, shows their attribution and keeps to their zoom levels", async ({
  page,
}) => {
  const requested: string[] = [];
  const tiles = createServer((request, response) => {
    requested.push(request.url ?? "");
    response.writeHead(200, { "content-type": "image/png" });
    response.end(PNG);
  });
  await new Promise<void>((ready) => tiles.listen(0, "127.0.0.1", ready));
  const tilePort = (tiles.address() as AddressInfo).port;
  const port = basePort + 60;
  const server = await startInstance(port, {
    LINGONG_TILE_URL: `http://127.0.0.1:${tilePort}/tiles/{z}/{x}/{y}.png?key=test`,
    LINGONG_TILE_ATTRIBUTION: "© 测试底图 <b>审图号</b>",
    LINGONG_TILE_MIN_ZOOM: "5",
    LINGONG_TILE_MAX_ZOOM: "12",
  });
  try {
    // Around a point the map opens at zoom 12, the service's highest.
    await page.goto(`http://127.0.0.1:${port}/?lng=118.79700&lat=32.06000&r=5`);
    await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 30_000 });
    await page.locator(".map-toggle").click();
    const tile = page.locator(".gig-map img.leaflet-tile").first();
    await expect(tile).toBeAttached();
    await expect(tile).toHaveAttribute("src", new RegExp(`^http://127\\.0\\.0\\.1:${tilePort}/tiles/12/\\d+/\\d+\\.png\\?key=test$`));
    const [x, y] = tileOf(118.797, 32.06, 12);
    await expect.poll(() => requested).toContain(`/tiles/12/${x}/${y}.png?key=test`);
    // The operator's attribution, as text; the offline outlines are not drawn under real tiles.
    await expect(page.locator(".leaflet-control-attribution")).toHaveText("© 测试底图 <b>审图号</b>");
    await expect(page.locator(".gig-map .map-label")).toHaveCount(0);
    // No zooming in past the tiles; zooming out stops at the lowest level.
    await expect(page.locator(".leaflet-control-zoom-in")).toHaveClass(/leaflet-disabled/);
    for (let i = 0; i < 9; i++) {
      const out = page.locator(".leaflet-control-zoom-out");
      if ((await out.getAttribute("class"))?.includes("leaflet-disabled")) break;
      await out.click();
      await page.waitForTimeout(300);
    }
    await expect(page.locator(".leaflet-control-zoom-out")).toHaveClass(/leaflet-disabled/);
    const zooms = requested.map((url) => Number(url.split("/")[2]));
    expect(Math.max(...zooms)).toBe(12);
    expect(Math.min(...zooms)).toBeGreaterThanOrEqual(5);
  } finally {
    await stopInstance(server);
    tiles.close();
  }
});
