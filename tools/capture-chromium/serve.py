#!/usr/bin/env python3
"""Serves this folder on 127.0.0.1 and stores what the capture page POSTs.

POST /log/NAME writes (or, for NAME=log, appends to) OUTDIR/NAME; POST /log/done ends the server.
Usage: serve.py PORT OUTDIR
"""
import http.server
import os
import sys
import threading

PORT = int(sys.argv[1])
OUTDIR = sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))


class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **kw):
        super().__init__(*a, directory=HERE, **kw)

    def do_POST(self):
        name = os.path.basename(self.path)
        body = self.rfile.read(int(self.headers.get('Content-Length') or 0))
        self.send_response(204)
        self.end_headers()
        if name == 'done':
            open(os.path.join(OUTDIR, 'done'), 'w').close()
            threading.Thread(target=self.server.shutdown).start()
            return
        mode = 'ab' if name == 'log' else 'wb'
        with open(os.path.join(OUTDIR, name), mode) as f:
            f.write(body + (b'\n' if name == 'log' else b''))

    def log_message(self, fmt, *args):
        pass


http.server.ThreadingHTTPServer(('127.0.0.1', PORT), Handler).serve_forever()
