// The panel's own behaviour; htmx does the rest. Loaded with `defer`, no inline scripts (CSP).

// Filters left empty stay out of the URL, so a shared link shows only what was chosen.
document.addEventListener("htmx:configRequest", (event) => {
  if (event.detail.verb !== "get") return;
  for (const [name, value] of Array.from(event.detail.formData.entries())) {
    if (value === "") event.detail.formData.delete(name);
  }
});

// Errors next to filters belong to the previous request: clear them; the server sends the
// filters again (out of band) if the new values are wrong too.
document.addEventListener("htmx:beforeRequest", (event) => {
  const form = event.detail.elt;
  if (form.id !== "list-filters") return;
  form.querySelectorAll(".is-invalid").forEach((field) => field.classList.remove("is-invalid"));
  form.querySelectorAll(".invalid-feedback").forEach((message) => message.remove());
});

// A session that ended (or a role that changed) while a page was open: reload to show why.
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  if (status === 401 || status === 403) window.location.reload();
});

// Keyboard first: "/" puts the cursor in the omnibox, "?" lists the shortcuts; in the omnibox the
// arrow keys move through its suggestions and Enter opens the chosen one.
const typingIn = (element) =>
  element instanceof HTMLElement &&
  (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
  if (document.querySelector(".modal.show") && event.key !== "?") return;
  const omnibox = document.getElementById("omnibox");
  if (event.key === "/" && omnibox && !omnibox.disabled) {
    event.preventDefault();
    omnibox.focus();
    omnibox.select();
  } else if (event.key === "?") {
    const dialog = document.getElementById("shortcuts");
    if (dialog && window.bootstrap) {
      event.preventDefault();
      window.bootstrap.Modal.getOrCreateInstance(dialog).toggle();
    }
  }
});

const omniboxList = () => document.getElementById("omnibox-suggestions");
const omniboxOptions = () => Array.from(omniboxList()?.querySelectorAll(".omnibox-option") || []);

function showSuggestions(shown) {
  const list = omniboxList();
  const omnibox = document.getElementById("omnibox");
  if (!list || !omnibox) return;
  list.classList.toggle("d-none", !shown);
  omnibox.setAttribute("aria-expanded", shown ? "true" : "false");
  if (!shown) omnibox.removeAttribute("aria-activedescendant");
}

function chooseSuggestion(index) {
  const options = omniboxOptions();
  options.forEach((option, position) => {
    const chosen = position === index;
    option.classList.toggle("active", chosen);
    option.setAttribute("aria-selected", chosen ? "true" : "false");
    if (chosen) {
      document.getElementById("omnibox").setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }
  });
}

// A choice belongs to the list it was made in: a keystroke (the list is about to change) or a new
// list forgets it, so Enter never opens a customer chosen for an earlier, shorter query and the
// screen reader is never pointed at an option that is gone.
function forgetChoice() {
  omniboxOptions().forEach((option) => {
    option.classList.remove("active");
    option.setAttribute("aria-selected", "false");
  });
  document.getElementById("omnibox")?.removeAttribute("aria-activedescendant");
}

// Escape closes the list until the next keystroke: an answer still on its way must not open it again.
let omniboxDismissed = false;

document.addEventListener("input", (event) => {
  if (event.target?.id !== "omnibox") return;
  omniboxDismissed = false;
  forgetChoice();
});

document.addEventListener("htmx:afterSwap", (event) => {
  if (event.detail.target?.id !== "omnibox-suggestions") return;
  const omnibox = document.getElementById("omnibox");
  forgetChoice();
  const typed = omnibox === document.activeElement && omnibox.value.trim() !== "";
  showSuggestions(typed && !omniboxDismissed && omniboxList().children.length > 0);
});

document.addEventListener("keydown", (event) => {
  if (event.target?.id !== "omnibox") return;
  const options = omniboxOptions();
  const current = options.findIndex((option) => option.classList.contains("active"));
  const open = omniboxList() && !omniboxList().classList.contains("d-none");
  if (event.key === "ArrowDown" && !open && options.length && event.target.value.trim() !== "") {
    event.preventDefault(); // the list closed with Escape comes back
    omniboxDismissed = false;
    showSuggestions(true);
  } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && open && options.length) {
    event.preventDefault();
    const step = event.key === "ArrowDown" ? 1 : -1;
    chooseSuggestion(current < 0 ? (step > 0 ? 0 : options.length - 1) : (current + step + options.length) % options.length);
  } else if (event.key === "Enter" && open && current >= 0 && options[current].dataset.href) {
    event.preventDefault();
    leaveFor(options[current].dataset.href);
  } else if (event.key === "Escape") {
    event.preventDefault(); // a search field would empty itself: keep what was typed
    omniboxDismissed = true;
    if (open) showSuggestions(false);
    else event.target.blur();
  }
});

// A click on a suggestion opens it (an option holds no link of its own).
document.addEventListener("click", (event) => {
  const option = event.target instanceof Element ? event.target.closest("#omnibox-suggestions .omnibox-option") : null;
  if (option?.dataset.href) leaveFor(option.dataset.href);
});

// Leaving the page from the omnibox (Enter, a suggestion) stops its suggestions: a request still
// waiting or under way would save the session as it was when it started (every request saves
// it: the idle timeout), over the profile the page being opened adds to the board.
let omniboxLeaving = false;

function stopSuggestions() {
  omniboxLeaving = true;
  const omnibox = document.getElementById("omnibox");
  if (omnibox && window.htmx) window.htmx.trigger(omnibox, "htmx:abort");
}

function leaveFor(url) {
  stopSuggestions();
  window.location.assign(url);
}

document.addEventListener("submit", (event) => {
  if (event.target?.id === "omnibox-form") stopSuggestions();
});

document.addEventListener("htmx:beforeRequest", (event) => {
  if (omniboxLeaving && event.detail.elt?.id === "omnibox") event.preventDefault();
});

// Back to the page from the browser's cache: the omnibox suggests again.
window.addEventListener("pageshow", () => {
  omniboxLeaving = false;
});

document.addEventListener("focusout", (event) => {
  if (event.target?.id !== "omnibox") return;
  // A click on a suggestion must land before the list hides.
  window.setTimeout(() => {
    if (!document.getElementById("omnibox-form")?.contains(document.activeElement)) showSuggestions(false);
  }, 150);
});

// "Columns" from the keyboard: an arrow moves a column and the results come back (htmx) with the
// menu closed; it opens again with the focus on the same arrow, so Enter, Enter moves a column
// two places. Escape closes the menu and puts the focus back on its button.
let movedColumn = null;

document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest(".columns-menu button[name='move']") : null;
  movedColumn = button ? button.value : null;
});

// After the settle, not the swap: htmx settles the new results a moment after swapping them in,
// and focus given before may land on an element the settle then replaces.
document.addEventListener("htmx:afterSettle", (event) => {
  if (!movedColumn || !(event.target instanceof Element) || event.target.id !== "list-results") return;
  const value = movedColumn;
  movedColumn = null;
  // The Columns menu, not the Bulk actions menu beside it (both are details.columns-control).
  const menu = Array.from(document.querySelectorAll("details.columns-control")).find((details) =>
    details.querySelector("button[name='move']"),
  );
  if (!menu) return;
  menu.open = true;
  const same = Array.from(menu.querySelectorAll("button[name='move']")).find((button) => button.value === value);
  if (same && !same.disabled) same.focus();
  else menu.querySelector("summary")?.focus();
});

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const menu = event.target instanceof Element ? event.target.closest("details.columns-control[open]") : null;
  if (!menu) return;
  event.preventDefault();
  menu.open = false;
  menu.querySelector("summary")?.focus();
});

// Bulk actions (issue 21): the header's tick box ticks every row of the page; ticking a row
// chooses "the rows ticked" again.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || box.type !== "checkbox") return;
  const results = box.closest(".list-results");
  if (!results) return;
  if (box.hasAttribute("data-select-all")) {
    results.querySelectorAll('input[name="ids"][form="bulk-form"]').forEach((row) => {
      row.checked = box.checked;
    });
  }
  if (box.name === "ids" || box.hasAttribute("data-select-all")) {
    const ticked = results.querySelector("#bulk-ticked");
    if (ticked) ticked.checked = true;
  }
});

// C: "If Person type is set, only price lists corresponding to the subtype will be shown; if not,
// only price lists without a subtype": a drop-down with `data-follows` offers only the options
// whose `data-type` is the value chosen in the drop-down it follows, or "*" (any type, as a limit
// pack without a type); the services refuse the rest.
function followType(select) {
  const leader = document.getElementById(select.dataset.follows);
  if (!leader) return;
  const offered = (option) =>
    !option.value || option.dataset.type === "*" || (option.dataset.type || "") === leader.value;
  for (const option of select.options) {
    option.hidden = !offered(option);
    option.disabled = !offered(option);
  }
  if (!offered(select.options[select.selectedIndex] || select.options[0])) select.value = "";
}

document.addEventListener("change", (event) => {
  if (!(event.target instanceof HTMLSelectElement)) return;
  document.querySelectorAll(`select[data-follows="${event.target.id}"]`).forEach(followType);
});

document.addEventListener("DOMContentLoaded", () => document.querySelectorAll("select[data-follows]").forEach(followType));
