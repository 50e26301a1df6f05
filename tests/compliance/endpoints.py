"""A real HTTP endpoint for the outbox tests."""

import http.server
import threading


class Endpoint:
    """A real HTTP server on a free port; answers with the next status of ``statuses``."""

    def __init__(self, statuses):
        self.statuses, self.received = list(statuses), []
        endpoint = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {name.lower(): value for name, value in self.headers.items()}  # names ignore case
                endpoint.received.append((headers, body))
                self.send_response(endpoint.statuses.pop(0) if endpoint.statuses else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
