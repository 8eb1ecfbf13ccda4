import { describe, expect, it } from "vitest";
import { copy, FILES, fixture, SHARED } from "./fixtures.js";

describe("the taxonomy fixtures", () => {
  it.skipIf(SHARED === undefined).each(FILES.map((f) => [f]))("%s is an unmodified copy of the shared fixture (skipped when ../shared is not beside the checkout)", (file) => {
    expect(copy(file)).toBe(fixture(file));
  });

  it("carry their licences and the attribution they require", () => {
    expect(copy("fideslang/LICENSE")).toContain("Attribution 4.0 International");
    expect(copy("dpv/LICENSE.md")).toContain("W3C Software and Document license");
  });
});
