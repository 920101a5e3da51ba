"""Makes TorchSharp 0.107.0's native library load on Debian 12 (run by bench/torchsharp.sh after the build).

libLibTorchSharp.so was linked against GCC 13's libstdc++ and asks for the symbol version GLIBCXX_3.4.32; Debian 12
ships GCC 12's libstdc++ (up to GLIBCXX_3.4.30), so the loader refuses the file before anything runs:
    version `GLIBCXX_3.4.32' not found (required by .../libLibTorchSharp.so)
The one symbol of that version it references is std::ios_base_library_init(), an empty marker that GCC 13's <iostream>
names (an `.globl` reference, no call) so that such objects require a libstdc++ which initialises the standard streams
itself. The file has no relocation against it (`readelf -r` lists none), so it is never bound; LibTorch's own
libraries (linked against GLIBCXX ≤ 3.4.26) initialise the streams the older way. This script marks that version
requirement weak (VER_FLG_WEAK in its Vernaux entry): glibc's loader then skips a weak version it cannot find instead
of refusing the file. Nothing else in the file changes. Refuses to touch any other requirement.
Usage: weak_glibcxx.py FILE [VERSION]     (VERSION defaults to GLIBCXX_3.4.32; an already weak entry is left as it is)
"""
import struct
import sys

SHT_GNU_VERNEED = 0x6ffffffe
VER_FLG_WEAK = 0x2


def main(path, version="GLIBCXX_3.4.32"):
    data = bytearray(open(path, "rb").read())
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise SystemExit(f"{path}: not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    verneed = [s for s in sections if s[1] == SHT_GNU_VERNEED]
    if not verneed:
        raise SystemExit(f"{path}: no version requirements (.gnu.version_r)")
    _, _, _, _, offset, _, link, count, _, _ = verneed[0]
    strtab = sections[link][4]

    def name(at):
        end = data.index(0, strtab + at)
        return data[strtab + at:end].decode()

    changed = found = 0
    need = offset
    for _ in range(count):
        _, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", data, need)
        aux = need + vn_aux
        for _ in range(vn_cnt):
            _, flags, _, vna_name, vna_next = struct.unpack_from("<IHHII", data, aux)
            if name(vna_name) == version:
                found += 1
                if name(vn_file) != "libstdc++.so.6":
                    raise SystemExit(f"{path}: {version} is required from {name(vn_file)}, not libstdc++.so.6; left alone")
                if not flags & VER_FLG_WEAK:
                    struct.pack_into("<H", data, aux + 4, flags | VER_FLG_WEAK)
                    changed += 1
            aux += vna_next
        need += vn_next
    if not found:
        raise SystemExit(f"{path}: no requirement of {version}; nothing to do")
    if changed:
        open(path, "wb").write(data)
    print(f"{path}: {version} {'marked weak' if changed else 'already weak'}")


if __name__ == "__main__":
    main(*sys.argv[1:])
