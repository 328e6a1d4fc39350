#!/usr/bin/env python3
"""Derives Runnel's command metadata from a running redis-server.

The command table's facts (arity, flags, key positions, key specs, ACL categories, tips, the
version a command appeared in, its group and argument structure) are those of Redis, so they are
read from a live server's COMMAND INFO and COMMAND DOCS replies instead of being typed by hand.
Prose (summaries, complexity notes, history) is deliberately left out: Runnel writes its own.

Usage: tools/command-metadata.py [port] > broker/src/main/resources/io/runnel/broker/commands.json
"""
import json
import socket
import sys


class Resp:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.buf = b""

    def call(self, *args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a.encode() if isinstance(a, str) else a
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.sock.sendall(out)
        return self._read()

    def _line(self):
        while b"\r\n" not in self.buf:
            self.buf += self.sock.recv(65536)
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n + 2:
            self.buf += self.sock.recv(65536)
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def _read(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self._exact(n).decode()
        if kind in (b"*", b"~", b">"):
            n = int(rest)
            return None if n < 0 else [self._read() for _ in range(n)]
        if kind == b"%":
            n = int(rest)
            items = [self._read() for _ in range(2 * n)]
            return dict(zip(items[0::2], items[1::2]))
        if kind == b"_":
            return None
        if kind == b"#":
            return rest == b"t"
        raise RuntimeError("unexpected reply type %r" % kind)


def pairs(flat):
    """RESP2 maps arrive as flat arrays of alternating keys and values."""
    if isinstance(flat, dict):
        return flat
    return dict(zip(flat[0::2], flat[1::2]))


def key_spec(raw):
    spec = pairs(raw)
    out = {"flags": spec.get("flags", [])}
    for part in ("begin_search", "find_keys"):
        p = pairs(spec[part])
        out[part] = {"type": p["type"], "spec": pairs(p["spec"]) if p.get("spec") else {}}
    if "notes" in spec:
        pass  # prose, not carried over
    return out


def info(entry):
    name, arity, flags, first, last, step, acl, tips, specs, subs = entry
    return {
        "name": name,
        "arity": arity,
        "flags": flags,
        "first_key": first,
        "last_key": last,
        "step": step,
        "acl_categories": acl,
        "tips": tips,
        "key_specs": [key_spec(s) for s in specs],
        "subcommands": [info(s) for s in subs],
    }


def arguments(raw):
    out = []
    for a in raw or []:
        a = pairs(a)
        arg = {k: v for k, v in a.items() if k not in ("summary", "display_text", "arguments")}
        if "arguments" in a:
            arg["arguments"] = arguments(a["arguments"])
        out.append(arg)
    return out


def docs(raw):
    d = pairs(raw)
    out = {k: d[k] for k in ("since", "group", "doc_flags", "deprecated_since", "replaced_by") if k in d}
    if "arguments" in d:
        out["arguments"] = arguments(d["arguments"])
    if "subcommands" in d:
        subs = pairs(d["subcommands"])
        out["subcommands"] = {name: docs(v) for name, v in subs.items()}
    return out


def merge(cmd, doc):
    cmd["docs"] = {k: v for k, v in doc.items() if k != "subcommands"}
    sub_docs = doc.get("subcommands", {})
    for sub in cmd["subcommands"]:
        merge(sub, sub_docs.get(sub["name"], {}))
    return cmd


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 6379
    r = Resp(port)
    version = pairs(r.call("HELLO", "2"))["version"]
    infos = r.call("COMMAND", "INFO", *r.call("COMMAND", "LIST"))
    all_docs = pairs(r.call("COMMAND", "DOCS"))
    commands = sorted((merge(info(e), docs(all_docs.get(e[0], []))) for e in infos if e),
                      key=lambda c: c["name"])
    json.dump({"derived_from_redis": version, "commands": commands}, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
