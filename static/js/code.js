// The "number on the sign" box, forgiving, as codes.py on the server: " 2 ", "Stop 2", "#2",
// "étape 2", a full-width "２" or an Arabic-Indic "٢" all find stop 2. Used by shortlink.js
// (a static copy of the site) and by the service worker offline: the server inlines the
// block between the BEGIN and END lines into /sw.js (pwa.known_code_js).
// On the offline page for a sign's number, it says that no stop has it.

// BEGIN knownCode
const DIGIT_ZEROS = [0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66,
  0xce6, 0xd66, 0xe50, 0xed0, 0xf20, 0x1040, 0x17e0, 0x1810, 0xff10];

/* The code in `codes` (an object keyed by lower-case code) a visitor meant, or null. */
function knownCode(raw, codes) {
  let text = String(raw ?? "");
  try {
    text = decodeURIComponent(text);
  } catch {
    // not percent-encoded: as typed
  }
  const folded = [...text.normalize("NFKC").toLowerCase()].map((ch) => {
    const cp = ch.codePointAt(0);
    const zero = DIGIT_ZEROS.find((z) => cp >= z && cp <= z + 9);
    return zero === undefined ? ch : String(cp - zero);
  }).join("").trim();
  const words = folded.match(/[a-z0-9]+/g) || [];
  const numbers = words.filter((w) => /^[0-9]+$/.test(w));
  for (const candidate of [folded, ...numbers.reverse(), ...words.reverse()]) {
    if (candidate && Object.hasOwn(codes, candidate)) return candidate;
    const number = /^[0-9]+$/.test(candidate) ? String(Number(candidate)) : null;
    if (number && Object.hasOwn(codes, number)) return number;
  }
  return null;
}
// END knownCode

export { knownCode };

/* The offline page, shown for a sign's number that is not saved or does not exist. */
function offlineCode() {
  const note = document.querySelector("[data-offline-code]");
  if (!note || !new URLSearchParams(location.search).has("unknown")) return;
  note.hidden = false;
  const page = document.querySelector("[data-offline-page]");
  if (page) page.hidden = true;
  const heading = document.querySelector("h1");
  if (heading && note.dataset.title) heading.textContent = note.dataset.title;
}

if (typeof document !== "undefined") offlineCode();
