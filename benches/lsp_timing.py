#!/usr/bin/env python3
"""An outside client over stdio timing `nianbao lsp` (or any server): keystroke ->
publishDiagnostics and every editor request, on a sample and on the sample with 5 MB of prose.

    python3 benches/lsp_timing.py --server target/release/nianbao [--server-arg lsp] [--edits 20]

Prints one JSON object per scenario: medians (ms) of keystroke -> publishDiagnostics of that
version and of each request sent after it (inlayHint, documentSymbol, foldingRange, hover,
completion, codeAction), the bytes of the last publishDiagnostics, and the first
diagnostics' time after didOpen. The numbers are for comparing two servers in one run; they
are never asserted anywhere.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import queue

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROSE = "本机关坚持以人民为中心的发展思想，不断推进政府信息公开工作，认真落实各项制度要求，持续提升公开质量和实效。\n"


class Server:
    def __init__(self, cmd):
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.q = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.p.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.q.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                k, _, v = line.partition(b":")
                if k.lower() == b"content-length":
                    length = int(v)
            body = out.read(length)
            self.q.put((time.perf_counter(), len(body), json.loads(body)))

    def send(self, msg):
        body = json.dumps(msg, ensure_ascii=False).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        i = self.next_id
        self.next_id += 1
        t0 = time.perf_counter()
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        while True:
            t, n, msg = self.next()
            if msg.get("id") == i and "method" not in msg:
                return (t - t0) * 1000, msg
            self.answer(msg)

    def next(self):
        item = self.q.get(timeout=120)
        if item is None:
            raise RuntimeError("server exited")
        return item

    def answer(self, msg):
        # Server -> client requests (configuration, registerCapability, applyEdit).
        if "method" in msg and "id" in msg:
            result = [{}] if msg["method"] == "workspace/configuration" else None
            self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})

    def wait_diagnostics(self, uri, version):
        while True:
            t, n, msg = self.next()
            self.answer(msg)
            if msg.get("method") == "textDocument/publishDiagnostics":
                p = msg["params"]
                # A server that does not version its diagnostics (typos-lsp) answers with its
                # next publication for the document.
                if p["uri"] == uri and p.get("version", version) == version:
                    return t, n, p["diagnostics"]


def position(text, offset):
    before = text[:offset]
    line = before.count("\n")
    col = before[before.rfind("\n") + 1:]
    return {"line": line, "character": len(col.encode("utf-16-le")) // 2}


def scenario(cmd, name, text, edit_line, hover_offset, edits):
    s = Server(cmd)
    s.request("initialize", {
        "processId": None, "rootUri": None,
        "capabilities": {
            "general": {"positionEncodings": ["utf-16"]},
            "textDocument": {"codeAction": {"resolveSupport": {"properties": ["edit"]},
                                            "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source"]}}},
                             "publishDiagnostics": {"versionSupport": True}},
            "workspace": {"workspaceEdit": {"documentChanges": True}, "applyEdit": True},
        },
    })
    s.notify("initialized", {})
    uri = "file:///tmp/nianbao-timing/%s.txt" % name
    t0 = time.perf_counter()
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}})
    t, n, diags = s.wait_diagnostics(uri, 1)
    first = (t - t0) * 1000
    timings = {k: [] for k in ["keystroke", "inlayHint", "documentSymbol", "foldingRange", "hover", "completion", "codeAction"]}
    version = 1
    nbytes = n
    hover_pos = position(text, hover_offset)
    last_lines = text.count("\n") + 1
    for i in range(edits):
        version += 1
        if i % 2 == 0:
            change = {"range": {"start": {"line": edit_line, "character": 0}, "end": {"line": edit_line, "character": 0}}, "text": "x"}
        else:
            change = {"range": {"start": {"line": edit_line, "character": 0}, "end": {"line": edit_line, "character": 1}}, "text": ""}
        t0 = time.perf_counter()
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        t, nbytes, diags = s.wait_diagnostics(uri, version)
        timings["keystroke"].append((t - t0) * 1000)
        doc = {"textDocument": {"uri": uri}}
        whole = {"start": {"line": 0, "character": 0}, "end": {"line": last_lines, "character": 0}}
        ms, _ = s.request("textDocument/inlayHint", dict(doc, range=whole))
        timings["inlayHint"].append(ms)
        ms, _ = s.request("textDocument/documentSymbol", doc)
        timings["documentSymbol"].append(ms)
        ms, _ = s.request("textDocument/foldingRange", doc)
        timings["foldingRange"].append(ms)
        ms, _ = s.request("textDocument/hover", dict(doc, position=hover_pos))
        timings["hover"].append(ms)
        ms, _ = s.request("textDocument/completion", dict(doc, position=hover_pos))
        timings["completion"].append(ms)
        d = diags[:1]
        rng = d[0]["range"] if d else whole
        ms, _ = s.request("textDocument/codeAction", dict(doc, range=rng, context={"diagnostics": d, "only": ["quickfix"]}))
        timings["codeAction"].append(ms)
    s.request("shutdown", None)
    s.notify("exit", None)
    s.p.wait(timeout=10)
    out = {"scenario": name, "bytes": len(text.encode()), "first_diagnostics_ms": round(first, 1),
           "findings": len(diags), "publish_bytes": nbytes}
    for k, v in timings.items():
        if v:
            out[k + "_ms"] = round(statistics.median(v), 2)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--server-arg", action="append", default=None)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--only", default=None)
    a = ap.parse_args()
    cmd = [a.server] + (a.server_arg if a.server_arg is not None else ["lsp"])
    reports = os.path.join(ROOT, "examples", "reports")
    samples = sorted(f for f in os.listdir(reports) if f.endswith(".txt"))
    runs = []
    for f in samples:
        text = open(os.path.join(reports, f), encoding="utf-8").read()
        runs.append((f[5:-4], text, 1, text.find("三、")))
    quanzhou = open(os.path.join(reports, "2021-quanzhou-service-center.txt"), encoding="utf-8").read()
    prose = quanzhou + PROSE * (5 * 1024 * 1024 // len(PROSE.encode()) + 1)
    runs.append(("quanzhou+5MB-prose", prose, 1, quanzhou.find("三、")))
    # The same, typed into a table cell of section 三 rather than the opening lines.
    cell_line = quanzhou[:quanzhou.find("三、本年度办理结果")].count("\n") + 2
    runs.append(("quanzhou+5MB-prose-cell", prose, cell_line, quanzhou.find("三、")))
    for name, text, line, hover in runs:
        if a.only and a.only not in name:
            continue
        print(json.dumps(scenario(cmd, name, text, line, max(hover, 0), a.edits), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    sys.exit(main())
