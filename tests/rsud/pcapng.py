"""Read the frames of a pcap or pcapng file (enough for the tests)."""
import struct


def frames(path):
    with open(path, "rb") as f:
        data = f.read()
    out = []
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        off = 24
        while off + 16 <= len(data):
            incl = struct.unpack_from("<I", data, off + 8)[0]
            out.append(data[off + 16:off + 16 + incl])
            off += 16 + incl
        return out
    off = 0
    while off + 12 <= len(data):
        btype, blen = struct.unpack_from("<II", data, off)
        if btype == 6:
            caplen = struct.unpack_from("<I", data, off + 20)[0]
            out.append(data[off + 28:off + 28 + caplen])
        elif btype == 3:
            origlen = struct.unpack_from("<I", data, off + 8)[0]
            out.append(data[off + 12:off + 12 + origlen])
        off += blen
    return out
