/// MurmurHash3's x64 128-bit variant (Austin Appleby's public-domain reference, `MurmurHash3_x64_128`).
///
/// Row fingerprints hash every row of a file: SHA-256 through swift-crypto took a tenth of a
/// plan's CPU time for them, this a fiftieth. The fingerprints guard against accidents (rows
/// that differ), not against a feed forging its own rows. A forged collision with any stored
/// record's fingerprint would have its row counted unchanged (an update or a create left out):
/// what the feed gets by leaving the row out, nothing more.
enum MurmurHash3 {
    private static let c1: UInt64 = 0x87C3_7B91_1142_53D5
    private static let c2: UInt64 = 0x4CF5_AD43_2745_937F

    /// The hash of `bytes` with `seed`: the reference's `out[0]` and `out[1]`.
    static func x64x128(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> (UInt64, UInt64) {
        var h1 = UInt64(seed), h2 = UInt64(seed)
        let count = bytes.count
        var at = 0
        while at + 16 <= count {
            h1 ^= mixK1(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
            h1 = rotate(h1, 27) &+ h2
            h1 = h1 &* 5 &+ 0x52DC_E729
            h2 ^= mixK2(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self)))
            h2 = rotate(h2, 31) &+ h1
            h2 = h2 &* 5 &+ 0x3849_5AB5
            at += 16
        }
        let tail = count - at
        if tail > 8 { h2 ^= mixK2(partialWord(bytes, from: at + 8, count: tail - 8)) }
        if tail > 0 { h1 ^= mixK1(partialWord(bytes, from: at, count: min(tail, 8))) }
        h1 ^= UInt64(count)
        h2 ^= UInt64(count)
        h1 = h1 &+ h2
        h2 = h2 &+ h1
        h1 = finalMix(h1)
        h2 = finalMix(h2)
        h1 = h1 &+ h2
        h2 = h2 &+ h1
        return (h1, h2)
    }

    @inline(__always) private static func mixK1(_ k: UInt64) -> UInt64 { rotate(k &* c1, 31) &* c2 }
    @inline(__always) private static func mixK2(_ k: UInt64) -> UInt64 { rotate(k &* c2, 33) &* c1 }
    @inline(__always) private static func rotate(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

    /// Up to 8 bytes as a little-endian word, the missing high bytes 0.
    @inline(__always) private static func partialWord(_ bytes: UnsafeRawBufferPointer, from start: Int, count: Int) -> UInt64 {
        var word: UInt64 = 0
        for index in 0..<count { word |= UInt64(bytes[start + index]) << (8 * UInt64(index)) }
        return word
    }

    @inline(__always) private static func finalMix(_ k: UInt64) -> UInt64 {
        var k = k
        k ^= k >> 33
        k = k &* 0xFF51_AFD7_ED55_8CCD
        k ^= k >> 33
        k = k &* 0xC4CE_B9FE_1A85_EC53
        k ^= k >> 33
        return k
    }
}
