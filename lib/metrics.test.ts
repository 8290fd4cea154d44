import { describe, expect, it } from "vitest";
import { bearerTokenMatches, MAX_ROUTE_NAMES, metrics, observeRequest, routeName } from "./metrics";

describe("routeName", () => {
  it("names a route by its pattern: every id becomes :id", () => {
    expect(routeName("get", "/api/report-cards/0190a3c4-1b2c-7d3e-8f40-123456789abc/0190a3c4-1b2c-7d3e-8f40-abcdefabcdef/pdf")).toBe(
      "GET /api/report-cards/:id/:id/pdf",
    );
  });

  it("keeps the fixed segments as they are", () => {
    expect(routeName("GET", "/api/students/export")).toBe("GET /api/students/export");
    expect(routeName("POST", "/api/imports/template/students")).toBe("POST /api/imports/template/students");
  });
});

describe("observeRequest", () => {
  it("counts route names past the limit as other, so made-up paths cannot grow the registry", async () => {
    for (let i = 0; i <= MAX_ROUTE_NAMES; i++) observeRequest("route", `GET /api/made-up-${i}`, "404", performance.now());
    const text = await metrics().registry.getSingleMetricAsString("ams_request_duration_seconds");
    expect(text).toContain(`name="GET /api/made-up-${MAX_ROUTE_NAMES - 1}"`);
    expect(text).not.toContain(`name="GET /api/made-up-${MAX_ROUTE_NAMES}"`);
    expect(text).toContain('ams_request_duration_seconds_count{kind="route",name="other",status="404"} 1');
  });
});

describe("bearerTokenMatches", () => {
  const token = "a-metrics-token-of-32-characters";
  it("accepts exactly the token, as a bearer token", () => {
    expect(bearerTokenMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerTokenMatches(`bearer ${token}`, token)).toBe(true);
  });

  it("refuses anything else", () => {
    expect(bearerTokenMatches(null, token)).toBe(false);
    expect(bearerTokenMatches(token, token)).toBe(false);
    expect(bearerTokenMatches(`Bearer ${token.slice(0, -1)}`, token)).toBe(false);
    expect(bearerTokenMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerTokenMatches(`Bearer ${token} extra`, token)).toBe(false);
  });
});
