"""Compare an asn1c XER document with the JER-shaped JSON that `v2x decode` prints.

The comparison needs no ASN.1 schema: it walks the XER element tree and the JSON
value in parallel and lets the JSON type (which JER makes explicit) say how the
XER content must look:

  JSON object  SEQUENCE or CHOICE: every key is a child element of that name and
               every child element is a key (absent OPTIONAL fields are absent on
               both sides).  {"value": hex, "length": n} against an element with
               no children is a variable-size BIT STRING.
  JSON array   SEQUENCE OF: one child element per item, in order.  asn1c names
               the item elements after the item type, which JSON does not
               carry: pass `ours` (our own XER of the same value, from
               `v2x decode -o xer`) and every item element name, and every
               open-type wrapper name, must equal ours.  asn1c writes a SEQUENCE OF
               ENUMERATED / BOOLEAN as bare value elements (<a/><b/>, <true/>)
               and a SEQUENCE OF CHOICE as the chosen alternatives' elements
               (<data><laneAngle>3</laneAngle>...</data>).
  JSON string  ENUMERATED (<x><ident/></x>; "" is never an identifier), OCTET STRING (hex, case and white
               space ignored), fixed-size BIT STRING (XER '0101..' bits, JSON hex
               of the bits padded with 0 to whole octets), or a character string
               (same text).
  JSON number  INTEGER (element text).
  true/false   BOOLEAN (<x><true/></x>).
  null         NULL (<x/>).

Open types: asn1c prints a decoded open type inside an element named after its
type (<value><BasicSafetyMessage>...</BasicSafetyMessage></value>); JER has no
wrapper.  ASN.1 type references start with an upper-case letter and identifiers
with a lower-case one, so a lone child whose name starts upper-case is such a
wrapper and is stepped through.

v2x's "unknown" key (a note that an open type of this object was left as hex)
is compared: the XER must not have decoded that open type either.

Edition differences are handled by rules applied to a copy of the XER tree before
the comparison (see apply_rules).  Defects of a vector (a value its XER prints
wrong) are given as `wire`: {comparison path: the value on the wire}; at such a
path our JSON must equal the cited wire value, and the XER is not consulted.  compare() returns a list of differences, each
"path: what"; an empty list means equal.
"""

import copy
import fnmatch
import re
import xml.etree.ElementTree as ET

__all__ = ["parse_xer", "find", "apply_rules", "compare", "Rule"]

_WS = re.compile(r"\s+")
_HEX = re.compile(r"^[0-9A-Fa-f]*$")
_BITS = re.compile(r"^[01]+$")


def parse_xer(source):
    """Parse XER from a file name, bytes or str; returns the root Element."""
    if isinstance(source, bytes):
        return ET.fromstring(source)
    if isinstance(source, str) and source.lstrip().startswith("<"):
        return ET.fromstring(source)
    return ET.parse(source).getroot()


def find(root, path):
    """Element at a '/'-separated tag path below root (ElementTree syntax)."""
    return root.find(path)


class Rule(dict):
    """One edition-difference rule.

    Keys:
      path    fnmatch pattern matched against the '/'-joined tag path of an XER
              element from the comparison root (root tag included), in the
              names of the XER document (e.g. '*/TravelerDataFrame/doNotUse1').
              '*' also matches '/'.
      action  'rename'  -> the element is renamed to `to`
              'drop'    -> the element is removed (a component the baseline
                           edition does not have, e.g. a 2024 extension addition
                           that a 2020 decoder skips)
              'unwrap'  -> the element is replaced by its children
      to      new tag for 'rename'
      why     the edition difference, cited in reports
    Rules are matched on the original tree, then applied, so patterns always use
    the XER document's own names.
    """

    def __init__(self, path, action, to=None, why=""):
        if action not in ("rename", "drop", "unwrap"):
            raise ValueError("unknown rule action %r" % action)
        if action == "rename" and not to:
            raise ValueError("rename rule needs 'to'")
        super().__init__(path=path, action=action, to=to, why=why)


def apply_rules(root, rules):
    """Return (new_root, used) where new_root is a transformed deep copy of root
    and used is the list of rules that matched at least once."""
    root = copy.deepcopy(root)
    rules = [r if isinstance(r, Rule) else Rule(**r) for r in (rules or [])]
    matches = []  # (element, parent, rule)

    def walk(elem, parent, path):
        for rule in rules:
            if fnmatch.fnmatchcase(path, rule["path"]):
                matches.append((elem, parent, rule))
                break
        for child in list(elem):
            walk(child, elem, path + "/" + child.tag)

    walk(root, None, root.tag)
    used = []
    # Children first (reverse pre-order) so that unwrapping or dropping a parent
    # does not invalidate the handles of its matched descendants.
    for elem, parent, rule in reversed(matches):
        if rule not in used:
            used.append(rule)
        act = rule["action"]
        if act == "rename":
            elem.tag = rule["to"]
        elif parent is None:
            raise ValueError("rule %r cannot %s the root element" % (rule["path"], act))
        elif act == "drop":
            parent.remove(elem)
        elif act == "unwrap":
            idx = list(parent).index(elem)
            parent.remove(elem)
            for i, child in enumerate(list(elem)):
                parent.insert(idx + i, child)
    return root, used


def _text(elem):
    return elem.text or ""


def _is_empty(elem):
    return len(elem) == 0 and not _text(elem).strip()


def _bits_to_int(bits, nbits):
    return int(bits.ljust(nbits, "0"), 2) if nbits else 0


def _describe(elem):
    if len(elem):
        return "<%s> with children %s" % (elem.tag, [c.tag for c in elem][:6])
    t = _text(elem).strip()
    return "<%s>%s" % (elem.tag, (" text %r" % t[:60]) if t else " (empty)")


def _short(v):
    s = repr(v)
    return s if len(s) <= 80 else s[:77] + "..."


class _Ctx:
    def __init__(self, diffs, wire, used):
        self.diffs, self.wire, self.used = diffs, wire or {}, used


def compare(xer, value, rules=None, root_path="$", ours=None, wire=None, used=None):
    """Compare the XER element `xer` (the element whose content is the value,
    e.g. <MessageFrame> or <PersonalSafetyMessage>) with the JSON `value`.

    rules:  list of Rule applied to a copy of the XER first.
    ours:   our XER of the same value (the element matching `xer`); element
            names of SEQUENCE OF items and open-type wrappers are compared
            with it.  Without it those names are not checked.
    wire:   {comparison path ('$.value.a[0].b'): JSON value on the wire} for
            known defects of the vector's XER: there our value must equal the
            wire's, whatever the XER says.
    used:   a list; the wire paths met are appended to it.
    Returns a list of 'path: difference' strings."""
    if rules:
        xer, _ = apply_rules(xer, rules)
    diffs = []
    _cmp(xer, value, root_path, _Ctx(diffs, wire, used if used is not None else []), ours)
    return diffs


def _wrapped(elem):
    """The lone type-reference child of an open-type wrapper, or None."""
    kids = list(elem)
    if len(kids) == 1 and kids[0].tag[:1].isupper() and not _text(elem).strip():
        return kids[0]
    return None


def _cmp(elem, val, path, ctx, mine=None):
    diffs = ctx.diffs
    if path in ctx.wire:
        ctx.used.append(path)
        if val != ctx.wire[path]:
            diffs.append("%s: ours %s, the wire holds %s (the vector's XER is a known defect "
                         "here)" % (path, _short(val), _short(ctx.wire[path])))
        return
    kids = list(elem)

    # Open-type wrapper: a lone child named by a type reference.
    inner = _wrapped(elem) if not isinstance(val, list) else None
    if inner is not None:
        mine_inner = _wrapped(mine) if mine is not None else None
        if mine is not None and (mine_inner is None or mine_inner.tag != inner.tag):
            diffs.append("%s: open type <%s> in XER, ours %s" % (
                path, inner.tag, "<%s>" % mine_inner.tag if mine_inner is not None
                else _describe(mine)))
        _cmp(inner, val, path, ctx, mine_inner)
        return

    if isinstance(val, dict):
        _cmp_object(elem, kids, val, path, ctx, mine)
    elif isinstance(val, list):
        _cmp_array(elem, kids, val, path, ctx, mine)
    elif isinstance(val, bool):
        if len(kids) == 1 and _is_empty(kids[0]) and kids[0].tag in ("true", "false"):
            if (kids[0].tag == "true") != val:
                diffs.append("%s: BOOLEAN XER <%s/> vs JSON %s" % (path, kids[0].tag, _short(val)))
        else:
            diffs.append("%s: JSON BOOLEAN %s vs XER %s" % (path, _short(val), _describe(elem)))
    elif val is None:
        if not _is_empty(elem):
            diffs.append("%s: JSON null vs XER %s" % (path, _describe(elem)))
    elif isinstance(val, int):
        t = _text(elem).strip()
        if kids:
            diffs.append("%s: JSON INTEGER %d vs XER %s" % (path, val, _describe(elem)))
        else:
            try:
                x = int(t)
            except ValueError:
                diffs.append("%s: JSON INTEGER %d vs XER text %r" % (path, val, t[:60]))
            else:
                if x != val:
                    diffs.append("%s: INTEGER XER %d vs JSON %d" % (path, x, val))
    elif isinstance(val, float):
        t = _text(elem).strip()
        try:
            ok = float(t) == val
        except ValueError:
            ok = False
        if kids or not ok:
            diffs.append("%s: JSON number %r vs XER %s" % (path, val, _describe(elem)))
    elif isinstance(val, str):
        _cmp_string(elem, kids, val, path, diffs)
    else:
        diffs.append("%s: unexpected JSON value %s" % (path, _short(val)))


def _cmp_object(elem, kids, val, path, ctx, mine):
    diffs = ctx.diffs
    # Variable-size BIT STRING: {"value": hex, "length": bits}
    if set(val) == {"value", "length"} and not kids and isinstance(val["value"], str) \
            and isinstance(val["length"], int):
        bits = _WS.sub("", _text(elem))
        if bits and not _BITS.match(bits):
            diffs.append("%s: JSON BIT STRING vs XER text %r" % (path, bits[:60]))
            return
        if len(bits) != val["length"]:
            diffs.append("%s: BIT STRING length XER %d vs JSON %d" % (path, len(bits), val["length"]))
            return
        hx = val["value"]
        if not _HEX.match(hx) or len(hx) != 2 * ((len(bits) + 7) // 8):
            diffs.append("%s: BIT STRING JSON value %r is not %d octets of hex"
                         % (path, hx, (len(bits) + 7) // 8))
            return
        if hx and _bits_to_int(bits, len(hx) * 4) != int(hx, 16):
            diffs.append("%s: BIT STRING XER %s vs JSON %s/%d" % (path, bits, hx, val["length"]))
        return
    if not kids:
        if val:
            diffs.append("%s: JSON object with %s vs XER %s" % (path, sorted(val)[:6], _describe(elem)))
        elif _text(elem).strip():
            diffs.append("%s: JSON object vs XER %s" % (path, _describe(elem)))
        return
    names = [k.tag for k in kids]
    seen = {}
    for k in kids:
        if k.tag in seen:
            diffs.append("%s: XER has <%s> more than once where JSON has an object" % (path, k.tag))
            continue
        seen[k.tag] = k
    for key in val:
        if key == "unknown":
            # v2x's note on an open type of this object that it could not
            # decode (the member itself is then a hex string, compared below
            # as an OCTET STRING).  The XER must not have decoded it either.
            for k2, v2 in val.items():
                if k2 != key and isinstance(v2, str) and k2 in seen \
                        and _wrapped(seen[k2]) is not None:
                    diffs.append("%s.unknown: ours leaves %s as hex (%s), the XER decodes it "
                                 "as <%s>" % (path, k2, _short(val[key]), _wrapped(seen[k2]).tag))
            if not isinstance(val[key], str) or not any(
                    isinstance(v2, str) for k2, v2 in val.items() if k2 != key):
                diffs.append("%s.unknown: note %s without a member left as hex"
                             % (path, _short(val[key])))
            continue
        if key not in seen:
            diffs.append("%s.%s: only in JSON (%s)" % (path, key, _short(val[key])))
    for tag in names:
        if tag in seen and tag not in val:
            diffs.append("%s.%s: only in XER (%s)" % (path, tag, _describe(seen[tag])))
            seen.pop(tag)
    for tag, child in seen.items():
        if tag in val:
            _cmp(child, val[tag], "%s.%s" % (path, tag), ctx,
                 mine.find(tag) if mine is not None else None)


def _cmp_array(elem, kids, val, path, ctx, mine):
    diffs = ctx.diffs
    mkids = list(mine) if mine is not None else None
    if mkids is not None and [k.tag for k in kids] != [k.tag for k in mkids]:
        diffs.append("%s: SEQUENCE OF item elements %s in XER, ours %s" % (
            path, _tags(kids), _tags(mkids)))
    if _text(elem).strip() and not kids:
        diffs.append("%s: JSON array vs XER %s" % (path, _describe(elem)))
        return
    if len(kids) != len(val):
        diffs.append("%s: SEQUENCE OF has %d items in XER, %d in JSON" % (path, len(kids), len(val)))
    for i, (k, v) in enumerate(zip(kids, val)):
        ipath = "%s[%d]" % (path, i)
        mk = mkids[i] if mkids is not None and i < len(mkids) else None
        if ipath in ctx.wire:
            _cmp(k, v, ipath, ctx, mk)
            continue
        if isinstance(v, (str, bool)) and _is_empty(k):
            # asn1c XMLValueList: the item element is the value itself.
            if isinstance(v, bool):
                if k.tag != ("true" if v else "false"):
                    diffs.append("%s: BOOLEAN XER <%s/> vs JSON %s" % (ipath, k.tag, _short(v)))
            elif v == "" and k.tag[:1].isupper():
                pass  # an empty string item, named by its (upper-case) type
            elif v != k.tag:
                diffs.append("%s: XER <%s/> vs JSON %s" % (ipath, k.tag, _short(v)))
            continue
        if (isinstance(v, dict) and len(v) == 1 and k.tag in v and k.tag[:1].islower()):
            # asn1c writes a SEQUENCE OF CHOICE without an item element: the
            # item element is the chosen alternative itself.
            _cmp(k, v[k.tag], "%s.%s" % (ipath, k.tag), ctx, mk)
            continue
        _cmp(k, v, ipath, ctx, mk)


def _tags(elems):
    t = [e.tag for e in elems]
    return "%s%s" % (t[:4], "..." if len(t) > 4 else "")


def _cmp_string(elem, kids, val, path, diffs):
    if kids:
        if val == "":
            diffs.append("%s: JSON \"\" vs XER %s (\"\" is no ENUMERATED identifier)"
                         % (path, _describe(elem)))
            return
        if len(kids) == 1 and _is_empty(kids[0]) and not _text(elem).strip():
            if kids[0].tag != val:
                diffs.append("%s: ENUMERATED XER <%s/> vs JSON %s" % (path, kids[0].tag, _short(val)))
        else:
            diffs.append("%s: JSON string %s vs XER %s" % (path, _short(val), _describe(elem)))
        return
    raw = _text(elem)
    if raw == val or raw.strip() == val:
        return
    s = _WS.sub("", raw)
    if _HEX.match(s) and _HEX.match(val):
        if s.lower() == val.lower():
            return  # OCTET STRING
        if s and _BITS.match(s) and len(val) == 2 * ((len(s) + 7) // 8):
            # fixed-size BIT STRING: bits vs hex of the bits padded to octets
            if _bits_to_int(s, len(val) * 4) == int(val, 16):
                return
            diffs.append("%s: BIT STRING XER %s vs JSON %s" % (path, s, val))
            return
    diffs.append("%s: XER %r vs JSON %s" % (path, raw.strip()[:80], _short(val)))


if __name__ == "__main__":  # small CLI for looking at one pair by hand
    import json
    import sys
    if len(sys.argv) < 3:
        sys.exit("usage: xerjson.py FILE.xml FILE.json [XPATH]")
    root = parse_xer(sys.argv[1])
    if len(sys.argv) > 3:
        root = root.find(sys.argv[3])
    with open(sys.argv[2]) as f:
        v = json.load(f)
    d = compare(root, v)
    print("\n".join(d) if d else "equal")
    sys.exit(1 if d else 0)
