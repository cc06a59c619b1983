"""A small reader of our own ASN.1 modules (asn1/j2735, asn1/etsi): type
assignments with their components, SEQUENCE OF item types, ENUMERATED
identifiers.  Enough for tests/asn1_names.py to check names; it does not
check constraints, tags or values (asn1c and Erlang's asn1 compile them).

A type is a tuple: ("seq", [(name, type)]), ("choice", [(name, type)]),
("seqof", type), ("enum", [identifier]), ("ref", TypeName) or
("prim", "INTEGER" | "OCTET STRING" | ...).
"""

import glob
import os
import re

_TOK = re.compile(r"::=|\.\.\.|\.\.|\[\[|\]\]|[{}()\[\],;|!@.]|[A-Za-z][A-Za-z0-9-]*"
                  r"|-?\d+|\"[^\"]*\"|'[^']*'[BH]|\S")
_PRIM2 = {("OCTET", "STRING"), ("BIT", "STRING"), ("OBJECT", "IDENTIFIER")}
_PRIM1 = {"INTEGER", "BOOLEAN", "NULL", "REAL", "IA5String", "UTF8String", "NumericString",
          "PrintableString", "VisibleString", "BMPString", "UniversalString", "RELATIVE-OID",
          "GraphicString", "TeletexString", "UTCTime", "GeneralizedTime"}


def _strip_comments(text):
    out = []
    for line in text.splitlines():
        # "--" opens a comment that ends at the next "--" or at the line's end
        parts = line.split("--")
        out.append(" ".join(parts[0::2]))
    return "\n".join(out)


def tokens(text):
    return _TOK.findall(_strip_comments(text))


def _upper(t):
    return t[:1].isupper() and t[:1].isalpha()


def _lower(t):
    return t[:1].islower() and t[:1].isalpha()


class _P:
    def __init__(self, toks):
        self.t, self.i = toks, 0

    def peek(self, k=0):
        j = self.i + k
        return self.t[j] if j < len(self.t) else None

    def take(self):
        self.i += 1
        return self.t[self.i - 1]

    def skip_group(self, op, cl):
        """At an opening token: skip to after its matching close."""
        depth = 0
        while self.i < len(self.t):
            x = self.take()
            if x == op:
                depth += 1
            elif x == cl:
                depth -= 1
                if depth == 0:
                    return

    def constraints(self):
        while self.peek() == "(":
            self.skip_group("(", ")")

    def typ(self):
        while self.peek() == "[" :        # a tag
            self.skip_group("[", "]")
            if self.peek() in ("IMPLICIT", "EXPLICIT"):
                self.take()
        x = self.take()
        if x in ("SEQUENCE", "SET"):
            if self.peek() == "{":
                return ("seq", self.members())
            if self.peek() == "SIZE":
                self.take()
            self.constraints()
            assert self.take() == "OF", "expected OF near %s" % self.t[self.i - 3:self.i + 2]
            if _lower(self.peek() or "") and _upper(self.peek(1) or ""):
                self.take()  # SEQUENCE OF name Type
            return ("seqof", self.typ())
        if x == "CHOICE":
            return ("choice", self.members())
        if x == "ENUMERATED":
            ids = []
            depth = 0
            while True:
                y = self.take()
                if y in ("{", "("):
                    depth += 1
                elif y in ("}", ")"):
                    depth -= 1
                    if depth == 0:
                        break
                elif depth == 1 and _lower(y):
                    ids.append(y)
            self.constraints()
            return ("enum", ids)
        if (x, self.peek()) in _PRIM2:
            x += " " + self.take()
            if self.peek() == "{":
                self.skip_group("{", "}")
            self.constraints()
            return ("prim", x)
        if x in _PRIM1:
            if self.peek() == "{":
                self.skip_group("{", "}")
            self.constraints()
            return ("prim", x)
        if _upper(x):
            if self.peek() == "." and _upper(self.peek(1) or ""):
                self.take()
                x = self.take()
            self.constraints()
            return ("ref", x)
        raise ValueError("unexpected %r near %s" % (x, self.t[self.i - 4:self.i + 3]))

    def members(self):
        """At '{': components or alternatives up to the matching '}'."""
        assert self.take() == "{"
        out = []
        while True:
            x = self.peek()
            if x == "}":
                self.take()
                return out
            if x in (",", "...", "[[", "]]"):
                self.take()
                continue
            if x == "!":            # exception spec
                self.take()
                self.take()
                continue
            if x == "COMPONENTS":
                self.take()
                self.take()         # OF
                out.append(("COMPONENTS OF", self.typ()))
                continue
            name = self.take()
            if not _lower(name):
                raise ValueError("expected an identifier, got %r near %s"
                                 % (name, self.t[self.i - 4:self.i + 3]))
            out.append((name, self.typ()))
            if self.peek() == "OPTIONAL":
                self.take()
            elif self.peek() == "DEFAULT":
                self.take()
                depth = 0
                while True:
                    y = self.peek()
                    if depth == 0 and y in (",", "}", "]]"):
                        break
                    if y == "{":
                        depth += 1
                    elif y == "}":
                        depth -= 1
                    self.take()


def parse_module(text):
    """(module name, {type name: type}) of one module's text."""
    toks = tokens(text)
    mod = toks[0]
    b = toks.index("BEGIN")
    body = toks[b + 1:]
    if "END" in body:
        body = body[:len(body) - 1 - body[::-1].index("END")]
    # drop IMPORTS / EXPORTS ... ;
    for kw in ("EXPORTS", "IMPORTS"):
        if kw in body:
            k = body.index(kw)
            body = body[:k] + body[body.index(";", k) + 1:]
    starts = []  # (start index of the assignment, is a type assignment)
    for i, t in enumerate(body):
        if t == "::=":
            if i >= 2 and _lower(body[i - 2]) and _upper(body[i - 1]):
                starts.append((i - 2, False))      # value: name Type ::= v
            elif i >= 1 and _upper(body[i - 1]):
                starts.append((i - 1, True))
            else:
                starts.append((i - 1, False))
    types = {}
    for n, (s, is_type) in enumerate(starts):
        if not is_type:
            continue
        end = starts[n + 1][0] if n + 1 < len(starts) else len(body)
        p = _P(body[s + 2:end])
        types[body[s]] = p.typ()
    return mod, types


def load(dirname):
    """{type name: type} of every module in a directory, and {type: module}."""
    types, where = {}, {}
    for f in sorted(glob.glob(os.path.join(dirname, "*.asn"))):
        with open(f) as fh:
            mod, t = parse_module(fh.read())
        for k, v in t.items():
            types[k] = v
            where[k] = "%s (%s)" % (mod, os.path.basename(f))
    return types, where
