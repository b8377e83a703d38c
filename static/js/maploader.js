// Loads the live route map (map.js, ~3 KB) only when a map is wanted: a tap on "Show me on
// the map", the tap that starts a walk, or a walk already started (it resumes on reload).
// Until then the server-drawn diagram is the map, and it stays the map without JavaScript.

const root = document.querySelector("[data-route-map]");
const data = document.getElementById("walk-data");

function walking() {
  try {
    const tour = JSON.parse(data.textContent).tour;
    return Boolean(JSON.parse(localStorage.getItem(`calais-tour:walk:${tour}`))?.started);
  } catch {
    return false;
  }
}

if (root && data) {
  const button = root.querySelector("[data-map-open]");
  const open = () => import("./map.js").then((map) => {
    map.open(root);
    button.hidden = true;
  });
  button.hidden = false;
  button.addEventListener("click", open);
  document.querySelector("[data-start-walk]")?.addEventListener("click", open);
  if (walking()) open();
}
