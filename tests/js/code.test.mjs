// The forgiving "number on the sign" box (code.js, and its copy in the service worker).
import assert from "node:assert/strict";
import { test } from "node:test";

import { knownCode } from "../../static/js/code.js";

const CODES = { 1: {}, 2: {}, 3: {}, 4: {}, ab12: {} };

test("what visitors type finds the stop", () => {
  for (const typed of [" 2 ", "Stop 2", "#2", "étape 2", "Station 2", "２", "٢", "۲", "02", "%232"]) {
    assert.equal(knownCode(typed, CODES), "2", typed);
  }
  assert.equal(knownCode("AB12", CODES), "ab12");
});

test("nothing matches: null", () => {
  for (const typed of ["", "9", "stop", "%", "constructor", "__proto__"]) {
    assert.equal(knownCode(typed, CODES), null, typed);
  }
});
