import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/database/index.js";
import { ERROR_CODES } from "../../src/errors/index.js";

describe("the error catalogue", () => {
  it("is documented code for code in docs/ERRORS.md", () => {
    // The first table: code and meaning (the shape table below it is checked by test/e2e/error-shapes.test.ts).
    const text = readFileSync(join(PROJECT_ROOT, "docs", "ERRORS.md"), "utf8");
    const documented = [...text.slice(0, text.indexOf("## One shape per code")).matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });
});
