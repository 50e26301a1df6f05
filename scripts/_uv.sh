# Sourced by scripts/demo and scripts/test: finds uv, installing it with pip if it is missing,
# and leaves the command to run it in the array UV. Needs only Python 3.12 and pip.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export UV_PYTHON_DOWNLOADS="${UV_PYTHON_DOWNLOADS:-never}"

python_cmd() {
  for candidate in python3.12 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1; then echo "$candidate"; return; fi
  done
  echo "No Python found: install Python 3.12." >&2
  exit 1
}

# Point uv at a Python 3.12 found on the PATH (its base interpreter, even from inside a venv).
if [ -z "${UV_PYTHON:-}" ]; then
  for candidate in python3.12 python3 python; do
    if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' >/dev/null 2>&1; then
      UV_PYTHON=$("$candidate" -c 'import sys; print(getattr(sys, "_base_executable", sys.executable))')
      export UV_PYTHON
      break
    fi
  done
fi

if command -v uv >/dev/null 2>&1; then
  UV=(uv)
else
  PYTHON=$(python_cmd)
  if ! "$PYTHON" -m uv --version >/dev/null 2>&1; then
    echo "uv is missing: installing it with pip…" >&2
    "$PYTHON" -m pip install --quiet --user uv 2>/dev/null \
      || "$PYTHON" -m pip install --quiet uv 2>/dev/null \
      || "$PYTHON" -m pip install --quiet --user --break-system-packages uv 2>/dev/null \
      || { "$PYTHON" -m venv .uv-bootstrap && .uv-bootstrap/bin/python -m pip install --quiet uv; }
  fi
  if "$PYTHON" -m uv --version >/dev/null 2>&1; then UV=("$PYTHON" -m uv); else UV=(.uv-bootstrap/bin/uv); fi
fi
