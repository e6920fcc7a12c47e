import Foundation

/// Currency symbols and ISO 4217 codes around an amount, and its negative spellings.
///
/// Accepted: one symbol or code, leading or trailing, with at most one space between it and the number
/// (`$5`, `5 €`, `USD 5`, `5usd`); negatives as `-$5`, `$-5`, `-5 USD` or in accounting parentheses
/// `($5)`, `$(5)`, `(5 USD)`. Two markers, or a sign together with parentheses, are rejected.
struct CurrencyMarkers: Sendable {
    /// The number's bounds in the value once markers are stripped, and the sign they carried.
    struct Stripped {
        var lower: Int
        var upper: Int
        /// Whether parentheses or a sign before the symbol made the amount negative.
        var negative: Bool
        /// Whether the sign was already given outside the number, so the number may not carry one.
        var signed: Bool
    }

    /// Multi-letter symbols come first so that `US$` wins over `$`.
    static let symbols: [[UInt8]] = [
        "US$", "CA$", "AU$", "NZ$", "HK$", "R$", "C$", "A$", "S$", "kr", "zł", "Kč",
        "$", "€", "£", "¥", "￥", "₹", "₩", "₽", "₺", "₪", "₫", "₱", "฿", "₴", "₦", "₡", "₲", "₵", "₸", "₼", "₾", "¢", "元",
    ].map { Array($0.utf8) }

    /// Three-letter codes packed into an integer so a lookup needs no String.
    static let codes: Set<UInt32> = {
        let known = Locale.commonISOCurrencyCodes + ["USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "INR", "CNY", "BRL"]
        return Set(known.compactMap { code in
            let bytes = Array(code.utf8)
            return bytes.count == 3 ? pack(bytes[0], bytes[1], bytes[2]) : nil
        })
    }()

    /// The number's bounds without markers; anything malformed is left in place for the number scan to reject.
    func strip(_ bytes: UnsafeBufferPointer<UInt8>) -> Stripped {
        var result = Stripped(lower: 0, upper: bytes.count, negative: false, signed: false)
        if enclosedInParentheses(bytes, result) {
            result = Stripped(lower: 1, upper: bytes.count - 1, negative: true, signed: true)
        }
        var symbolStart = result.lower
        if !result.signed, symbolStart < result.upper, bytes[symbolStart] == UInt8(ascii: "-") || bytes[symbolStart] == UInt8(ascii: "+"),
           leadingMarker(bytes, at: symbolStart + 1, upper: result.upper) > 0 {
            result.negative = bytes[symbolStart] == UInt8(ascii: "-")
            result.signed = true
            symbolStart += 1
        }
        let leading = leadingMarker(bytes, at: symbolStart, upper: result.upper)
        if leading > 0 {
            result.lower = Self.skipSpace(bytes, from: symbolStart + leading, upper: result.upper)
        } else {
            let trailing = trailingMarker(bytes, lower: result.lower, upper: result.upper)
            if trailing > 0 { result.upper = Self.skipSpaceBackward(bytes, from: result.upper - trailing, lower: result.lower) }
        }
        if !result.signed, enclosedInParentheses(bytes, result) {
            result = Stripped(lower: result.lower + 1, upper: result.upper - 1, negative: true, signed: true)
        }
        return result
    }

    private func enclosedInParentheses(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Stripped) -> Bool {
        range.upper - range.lower >= 2 && bytes[range.lower] == UInt8(ascii: "(") && bytes[range.upper - 1] == UInt8(ascii: ")")
    }

    /// The byte length of a symbol or code starting at `index`, or 0.
    private func leadingMarker(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, upper: Int) -> Int {
        guard index < upper, !Self.isDigitLike(bytes[index]) else { return 0 }
        for symbol in Self.symbols where Self.matches(bytes, symbol, at: index, upper: upper) { return symbol.count }
        guard index + 3 <= upper, Self.isCode(bytes, at: index), index + 3 == upper || !Self.isLetter(bytes[index + 3]) else { return 0 }
        return 3
    }

    /// The byte length of a symbol or code ending at `upper`, or 0.
    private func trailingMarker(_ bytes: UnsafeBufferPointer<UInt8>, lower: Int, upper: Int) -> Int {
        guard upper > lower, !Self.isDigitLike(bytes[upper - 1]) else { return 0 }
        for symbol in Self.symbols where upper - symbol.count >= lower && Self.matches(bytes, symbol, at: upper - symbol.count, upper: upper) {
            return symbol.count
        }
        let start = upper - 3
        guard start >= lower, Self.isCode(bytes, at: start), start == lower || !Self.isLetter(bytes[start - 1]) else { return 0 }
        return 3
    }

    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ symbol: [UInt8], at index: Int, upper: Int) -> Bool {
        guard index + symbol.count <= upper else { return false }
        for offset in 0..<symbol.count where bytes[index + offset] != symbol[offset] { return false }
        return true
    }

    private static func isCode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let (a, b, c) = (bytes[index], bytes[index + 1], bytes[index + 2])
        guard isLetter(a), isLetter(b), isLetter(c) else { return false }
        // Codes are matched case-insensitively: `5 usd` is as clear as `5 USD`.
        return codes.contains(pack(a & ~0x20, b & ~0x20, c & ~0x20))
    }

    /// One ASCII space, no-break space or narrow no-break space, as locale-formatted amounts use.
    static func skipSpace(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int, upper: Int) -> Int {
        for space in spaces where matches(bytes, space, at: index, upper: upper) { return index + space.count }
        return index
    }

    static func skipSpaceBackward(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int, lower: Int) -> Int {
        for space in spaces where index - space.count >= lower && matches(bytes, space, at: index - space.count, upper: index) {
            return index - space.count
        }
        return index
    }

    static let spaces: [[UInt8]] = [[0x20], [0xC2, 0xA0], [0xE2, 0x80, 0xAF]]

    private static func isDigitLike(_ byte: UInt8) -> Bool {
        byte &- 48 < 10 || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",")
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 97 < 26 }

    private static func pack(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt32 { UInt32(a) << 16 | UInt32(b) << 8 | UInt32(c) }
}
