// The voice choice of listen.js: language and region, on-device voices first.
import assert from "node:assert/strict";
import { test } from "node:test";

import { chooseVoice } from "../../static/js/listen.js";

const voice = (name, lang, localService = true, isDefault = false) =>
  ({ name, lang, localService, default: isDefault });
const VOICES = [
  voice("US", "en-US", true, true),
  voice("UK", "en_GB"),
  voice("France", "fr-FR"),
  voice("Belgium online", "fr-BE", false),
  voice("Belgium", "fr-BE"),
];

test("the visitor's region wins within the page's language", () => {
  assert.equal(chooseVoice(VOICES, "fr", ["fr-BE", "en"]).name, "Belgium");
  assert.equal(chooseVoice(VOICES, "en", ["fr-BE", "en-GB"]).name, "UK"); // Android writes en_GB
});

test("without a regional preference: on the phone, then the default", () => {
  assert.equal(chooseVoice(VOICES, "en", ["en"]).name, "US");
  assert.equal(chooseVoice(VOICES, "fr", []).name, "France");
});

test("an on-device voice comes first: it works without signal", () => {
  assert.equal(chooseVoice(VOICES.filter((v) => v.name !== "Belgium"), "fr", ["fr-BE"]).name, "France");
  assert.equal(chooseVoice([voice("net", "fr-BE", false), voice("local", "fr-BE")], "fr", ["fr-BE"]).name, "local");
});

test("no voice for the language is null, never a voice of another language", () => {
  assert.equal(chooseVoice(VOICES, "de", ["de-DE"]), null);
  assert.equal(chooseVoice([], "en", []), null);
});
