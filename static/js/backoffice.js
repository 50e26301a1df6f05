// The panel's own behaviour; htmx does the rest. Loaded with `defer`, no inline scripts (CSP).
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  if (status === 401 || status === 403) {
    window.location.reload();
  }
});
