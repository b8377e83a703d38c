// On a static host, stand in for the server's language redirects (written by `calais-tour
// freeze`): the site root, a short link /s/<code> and the "number on the sign" box /s/?code=.
// The page carries {languages, targets: {code: {lang: url}}, fromQuery} in a JSON block. The
// language is the one last chosen on this phone (kept by the service worker), else the best
// of the browser's languages, else the first. Without JavaScript the page shows the links.

import { knownCode } from "./code.js";

const META_CACHE = "calais-tour|meta"; // as in sw.js

/* The language last chosen on this phone, if the service worker has kept one. */
async function lastLanguage() {
  try {
    if (!window.caches || !(await caches.has(META_CACHE))) return null;
    const response = await (await caches.open(META_CACHE)).match("/__language__");
    return response ? (await response.text()).trim() : null;
  } catch {
    return null; // storage may be blocked (private modes): the browser's languages decide
  }
}

/* The first of the browser's languages that `available` has, by full tag then primary tag. */
function browserLanguage(preferred, available) {
  for (const tag of preferred) {
    const lower = String(tag).toLowerCase();
    if (available.includes(lower)) return lower;
    const primary = lower.split("-")[0];
    if (available.includes(primary)) return primary;
  }
  return null;
}

async function main() {
  const block = document.getElementById("shortlink-targets");
  if (!block) return;
  const { languages, targets, fromQuery } = JSON.parse(block.textContent);
  const typed = new URLSearchParams(location.search).get("code") || "";
  const key = fromQuery ? knownCode(typed, targets) : Object.keys(targets)[0];
  const urls = targets[key];
  if (!urls) {
    const unknown = document.querySelector("[data-unknown-code]");
    if (unknown && typed.trim()) unknown.hidden = false;
    return;
  }
  const available = languages.filter((lang) => urls[lang]);
  const last = await lastLanguage();
  const lang = (last && urls[last] ? last : null) ||
    browserLanguage(navigator.languages || [navigator.language], available) || available[0];
  if (lang) location.replace(urls[lang]);
}

main();
