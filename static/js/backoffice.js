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
