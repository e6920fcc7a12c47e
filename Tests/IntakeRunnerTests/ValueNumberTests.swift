import IntakeCompiler
@testable import IntakeRunner
import Testing

/// Numbers and currency: canonical decimals, declared separators only, currency markers and negatives.
struct ValueNumberTests {
    private static let plain = Coercer(type: .number, decimal: ".")
    private static let grouped = Coercer(type: .number, thousands: ",", decimal: ".")
    private static let european = Coercer(type: .number, thousands: ".", decimal: ",")
    private static let spaced = Coercer(type: .number, thousands: " ", decimal: ",")
    private static let money = Coercer(type: .currency, thousands: ",", decimal: ".", stripCurrency: true)

    @Test(arguments: [
        ("1234", "1234"), ("-1000.50", "-1000.5"), ("+5", "5"), ("007", "7"), ("0", "0"), ("0.0", "0"), ("-0", "0"),
        ("-0.000", "0"), ("+0", "0"), (".5", "0.5"), ("-.5", "-0.5"), ("1.230", "1.23"), ("100", "100"), ("10.01", "10.01"),
        ("00.10", "0.1"), (" 42 ", "42"), ("\t-7\u{00A0}", "-7"),
        ("123456789012345678901234567890.123456789012345678901", "123456789012345678901234567890.123456789012345678901"),
        ("1e5", "R003"), ("1E-3", "R003"), ("NaN", "R003"), ("nan", "R003"), ("inf", "R003"), ("-Infinity", "R003"),
        ("abc", "R003"), ("5.", "R003"), ("1.2.3", "R003"), ("--5", "R003"), ("+-5", "R003"), ("5-", "R003"), ("-", "R003"),
        (".", "R003"), ("1,234", "R003"), ("1 234", "R003"), ("1_000", "R003"), ("$5", "R003"), ("(5)", "R003"),
        ("١٢٣", "R003"), ("5 5", "R003"), ("0x1F", "R003"), ("\u{2212}5", "R003"),
    ])
    func plainNumbers(raw: String, expected: String) throws {
        #expect(try outcome(coerce(raw, Self.plain)) == expected)
    }

    @Test(arguments: [
        ("1,234", "1234"), ("1,234,567.50", "1234567.5"), ("-1,234.50", "-1234.5"), ("+12,345", "12345"), ("999", "999"),
        ("1234", "1234"), ("1234567.5", "1234567.5"), ("123,456", "123456"),
        // groups in the wrong places
        ("12,34", "R003"), ("1,2345", "R003"), ("1234,567", "R003"), ("1,234,56", "R003"), (",123", "R003"), ("123,", "R003"),
        ("1,,234", "R003"), ("1,234.5,6", "R003"), ("0,123", "R003"), ("1.234", "1.234"), ("1.234,5", "R003"),
        ("1 234", "R003"), ("1'234", "R003"),
    ])
    func declaredThousands(raw: String, expected: String) throws {
        #expect(try outcome(coerce(raw, Self.grouped)) == expected)
    }

    @Test(arguments: [
        ("1.234,5", "1234.5"), ("1.234.567,89", "1234567.89"), ("1234,50", "1234.5"), ("-0,5", "-0.5"), ("1.234", "1234"),
        ("1,234.5", "R003"), ("12.34", "R003"), ("1234.5", "R003"),
    ])
    func europeanSeparators(raw: String, expected: String) throws {
        #expect(try outcome(coerce(raw, Self.european)) == expected)
    }

    @Test(arguments: [
        ("1 234,5", "1234.5"), ("1\u{00A0}234", "1234"), ("1\u{202F}234\u{202F}567", "1234567"), ("12 34", "R003"),
        ("1  234", "R003"),
    ])
    func spaceThousands(raw: String, expected: String) throws {
        #expect(try outcome(coerce(raw, Self.spaced)) == expected)
    }

    @Test(arguments: [
        ("1,234", "thousands: \",\""),
        ("1,234,567", "thousands: \",\""),
        ("1,234", "or decimal: \",\""),
        ("1 234", "thousands: \" \""),
        ("1'234.5", "thousands: \"'\""),
        ("12,5", "number: { decimal: \",\" }"),
        ("1e5", "exponent"),
        ("NaN", "not a finite number"),
        ("$5", "only currency attributes"),
        ("abc", "'abc' is not a number"),
    ])
    func rejectsExplainTheFix(raw: String, because: String) throws {
        let result = try coerce(raw, Self.plain)
        #expect(outcome(result) == "R003")
        #expect(reason(result).contains(because), "\(reason(result))")
    }

    @Test func misplacedSeparatorIsExplained() throws {
        #expect(reason(try coerce("12,34", Self.grouped)).contains("in the wrong place"))
    }

    @Test(arguments: [
        ("$1,234.50", "1234.5"), ("$5", "5"), ("$ 5", "5"), ("5$", "5"), ("€5", "5"), ("5 €", "5"), ("5\u{00A0}€", "5"),
        ("£0.50", "0.5"), ("¥1000", "1000"), ("₹ 100", "100"), ("US$5", "5"), ("USD 1,234", "1234"), ("1234 USD", "1234"),
        ("1234 usd", "1234"), ("EUR1234", "1234"), ("1234CHF", "1234"), ("5 kr", "5"), ("1234.5", "1234.5"),
        // negatives: a sign before or after a leading marker, or accounting parentheses around or inside it
        ("-$5", "-5"), ("$-5", "-5"), ("-5 USD", "-5"), ("USD -5", "-5"), ("($5)", "-5"), ("$(5)", "-5"), ("(5)", "-5"),
        ("(5 EUR)", "-5"), ("(1,234.50)", "-1234.5"), ("-$0", "0"), ("+$5", "5"),
        ("$5 USD", "R003"), ("$$5", "R003"), ("-($5)", "R003"), ("($-5)", "R003"), ("(-5)", "R003"), ("-$-5", "R003"),
        ("ABC 5", "R003"), ("$", "R003"), ("USD", "R003"), ("5 US D", "R003"), ("(5", "R003"), ("$5)", "R003"),
        ("$1,23", "R003"), ("5 dollars", "R003"), ("USD5USD", "R003"),
    ])
    func currency(raw: String, expected: String) throws {
        #expect(try outcome(coerce(raw, Self.money)) == expected)
    }

    @Test func currencyWithDecimalComma() throws {
        let brazil = Coercer(type: .currency, thousands: ".", decimal: ",", stripCurrency: true)
        #expect(try outcome(coerce("R$ 1.234,56", brazil)) == "1234.56")
        #expect(try outcome(coerce("-1.234,56 €", brazil)) == "-1234.56")
    }

    @Test func currencyWithoutThousandsStillRejectsGrouping() throws {
        let result = try coerce("$1,234", Coercer(type: .currency, decimal: ".", stripCurrency: true))
        #expect(outcome(result) == "R003")
        #expect(reason(result).contains("thousands: \",\""))
    }
}
