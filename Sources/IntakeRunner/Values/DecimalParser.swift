/// Numbers and currency amounts to canonical decimals (`-1000.5`), scanned on UTF-8 bytes without Foundation.
///
/// Digits are copied, never converted to binary floating point, so any precision survives exactly.
///
/// A class so that the coercer's per-cell switch retains one reference instead of copying every field.
final class DecimalParser: Sendable {
    /// The accepted grouping separators as bytes; empty when the spec declares none.
    let thousands: [[UInt8]]
    let decimal: UInt8
    let currency: CurrencyMarkers?

    /// Separators `CoercionCheck` allows; also the candidates the "declare thousands" hint tries.
    static let separatorCandidates = [",", ".", " ", "'", "_", "\u{00A0}"]

    init(thousands: String?, decimal: String?, stripCurrency: Bool) throws(CoercerError) {
        let decimal = decimal ?? "."
        guard decimal == "." || decimal == "," else { throw CoercerError("'decimal' must be \".\" or \",\", found \"\(decimal)\"") }
        self.decimal = decimal.utf8.first!
        if let thousands {
            guard !thousands.isEmpty, thousands.unicodeScalars.count == 1, thousands != decimal,
                  !thousands.unicodeScalars.allSatisfy({ $0.properties.numericType != nil || $0 == "-" || $0 == "+" })
            else { throw CoercerError("'thousands' must be one character other than a digit, a sign or the decimal separator, found \"\(thousands)\"") }
            // A declared space also accepts the no-break spaces locale-formatted exports put in its place; they look identical.
            self.thousands = (thousands == " " ? [" ", "\u{00A0}", "\u{202F}"] : [thousands]).map { Array($0.utf8) }
        } else {
            self.thousands = []
        }
        currency = stripCurrency ? CurrencyMarkers() : nil
    }

    /// The canonical decimal of `value`, or a reason for rejecting it.
    func parse(_ value: String) -> CellResult {
        var text = value
        if let canonical = text.withUTF8({ canonical($0) }) { return .value(canonical) }
        return .invalid(.invalidNumber, diagnose(value))
    }

    /// The canonical decimal, or nil when `bytes` is not an accepted number.
    func canonical(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let currency else { return number(bytes, lower: 0, upper: bytes.count, negated: false, signed: false) }
        let stripped = currency.strip(bytes)
        return number(bytes, lower: stripped.lower, upper: stripped.upper, negated: stripped.negative, signed: stripped.signed)
    }

    private func number(_ bytes: UnsafeBufferPointer<UInt8>, lower: Int, upper: Int, negated: Bool, signed: Bool) -> String? {
        var index = lower
        var negative = negated
        if !signed, index < upper, bytes[index] == minus || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == minus
            index += 1
        }
        let integerStart = index
        var digits = 0, significant = 0, group = 0, separators = 0
        while index < upper {
            let byte = bytes[index]
            if byte &- zero < 10 {
                digits += 1
                group += 1
                if significant > 0 || byte != zero { significant += 1 }
                index += 1
            } else if let length = separatorLength(bytes, at: index, upper: upper) {
                // The first group has one to three digits, every later one exactly three.
                guard group >= 1, group <= 3, separators == 0 || group == 3 else { return nil }
                separators += 1
                group = 0
                index += length
            } else {
                break
            }
        }
        // `0,123` is more likely a decimal comma than a grouped number; refuse rather than guess.
        guard separators == 0 || (group == 3 && bytes[integerStart] != zero) else { return nil }
        let integerEnd = index
        var fractionStart = index, fractionEnd = index
        if index < upper, bytes[index] == decimal {
            index += 1
            fractionStart = index
            while index < upper, bytes[index] &- zero < 10 { index += 1 }
            fractionEnd = index
            guard fractionEnd > fractionStart else { return nil }
        }
        guard index == upper, digits > 0 || fractionEnd > fractionStart else { return nil }
        while fractionEnd > fractionStart, bytes[fractionEnd - 1] == zero { fractionEnd -= 1 }
        let fractionLength = fractionEnd - fractionStart
        if significant == 0 && fractionLength == 0 { negative = false }
        let length = (negative ? 1 : 0) + max(significant, 1) + (fractionLength > 0 ? 1 + fractionLength : 0)
        return String(unsafeUninitializedCapacity: length) { out in
            var written = 0
            func put(_ byte: UInt8) {
                out[written] = byte
                written += 1
            }
            if negative { put(minus) }
            if significant == 0 { put(zero) }
            var leadingZeros = true
            for position in integerStart..<integerEnd where significant > 0 {
                let byte = bytes[position]
                guard byte &- zero < 10, !(leadingZeros && byte == zero) else { continue }
                leadingZeros = false
                put(byte)
            }
            if fractionLength > 0 { put(UInt8(ascii: ".")) }
            for position in fractionStart..<fractionEnd { put(bytes[position]) }
            return written
        }
    }

    @inline(__always) private func separatorLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, upper: Int) -> Int? {
        for separator in thousands where index + separator.count <= upper {
            var matched = true
            for offset in 0..<separator.count where bytes[index + offset] != separator[offset] { matched = false }
            if matched { return separator.count }
        }
        return nil
    }

    private var minus: UInt8 { UInt8(ascii: "-") }
    private var zero: UInt8 { UInt8(ascii: "0") }
}
