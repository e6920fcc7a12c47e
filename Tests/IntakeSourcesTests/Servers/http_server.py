#!/usr/bin/env python3
"""A small HTTP(S) server on 127.0.0.1 for the HTTP source tests.

Usage: http_server.py ROOT [CERT KEY]
Serves files under ROOT, plus a few routes that misbehave on purpose:
  /redirect/NAME   302 to /NAME             /loop          redirects to itself
  /elsewhere/NAME  302 to http://localhost:PORT/NAME (another origin)
  /flaky/NAME      500 on the first request, then the file
  /always500       500 every time            /secret/NAME   401 unless Authorization: Bearer s3cr3t-token
  /slow            sends headers, then nothing (a stalled transfer)
  /cut             announces 1000 bytes, sends 10 and closes (a reset transfer)
With CERT and KEY it speaks HTTPS. Prints {"port": N} and stops when its standard input closes.
"""
import json
import os
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.abspath(sys.argv[1])
hits = {}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_file(self, name):
        path = os.path.join(ROOT, name)
        if not os.path.isfile(path):
            return self.send_error(404)
        body = open(path, "rb").read()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", '"etag-%d"' % len(body))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        hits[path] = hits.get(path, 0) + 1
        if path.startswith("/redirect/"):
            self.send_response(302)
            self.send_header("Location", "/" + path[len("/redirect/"):])
            self.end_headers()
        elif path.startswith("/elsewhere/"):
            # The same server under another host name: another origin for the client.
            self.send_response(302)
            self.send_header("Location", "http://localhost:%d/%s" % (self.server.server_port, path[len("/elsewhere/"):]))
            self.end_headers()
        elif path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif path.startswith("/flaky/"):
            if hits[path] == 1:
                self.send_error(500)
            else:
                self.send_file(path[len("/flaky/"):])
        elif path == "/always500":
            self.send_error(500)
        elif path.startswith("/secret/"):
            if self.headers.get("Authorization") != "Bearer s3cr3t-token":
                self.send_error(401)
            else:
                self.send_file(path[len("/secret/"):])
        elif path == "/slow":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.flush()
            time.sleep(30)
        elif path == "/cut":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"0123456789")
            self.wfile.flush()
            self.close_connection = True
        elif path == "/hits":
            body = json.dumps(hits).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_file(path.lstrip("/"))


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if len(sys.argv) == 4:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"port": server.server_address[1]}), flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
