import IntakeCompiler
@testable import IntakeRunner
import Testing

/// Text-like values: the trim → case → map → type → pattern order, ids, emails, user ids and lists.
struct ValueTextTests {
    private static let yesNo = [Coercer.MapEntry(from: "yes", to: "Y"), .init(from: "n/a", to: ""), .init(from: "yes", to: "ignored")]

    @Test(arguments: [
        // trim, then case, then map: "  YES " only reaches the "yes" entry after both.
        ("  YES ", Coercer(type: .text, trim: true, textCase: "lower", map: yesNo), "Y"),
        ("n/a", Coercer(type: .text, map: yesNo), "∅"),
        (" n/a", Coercer(type: .text, trim: true, map: yesNo), "∅"),
        // without trim the padded value is not the map key and is kept as is
        (" n/a", Coercer(type: .text, map: yesNo), " n/a"),
        // map is an exact whole-value match: case is applied first, so an upper-case key never matches under lower
        ("YES", Coercer(type: .text, textCase: "lower", map: [.init(from: "YES", to: "Y")]), "yes"),
        ("Yes", Coercer(type: .text, map: yesNo), "Yes"),
        ("yes please", Coercer(type: .text, map: yesNo), "yes please"),
        ("emea", Coercer(type: .text, textCase: "upper"), "EMEA"),
        ("   ", Coercer(type: .text), "∅"),
        ("\t\u{00A0} ", Coercer(type: .text), "∅"),
        ("", Coercer(type: .text, trim: true), "∅"),
        (" Zürich ", Coercer(type: .text), " Zürich "),
        (" Zürich\u{3000}", Coercer(type: .text, trim: true), "Zürich"),
        // map output goes through the type's parse and the pattern
        ("usa", Coercer(type: .text, map: [.init(from: "usa", to: "US")], pattern: "[A-Z]{2}"), "US"),
        ("usa2", Coercer(type: .text, map: [.init(from: "usa", to: "US")], pattern: "[A-Z]{2}"), "R008"),
        ("green", Coercer(type: .list, map: [.init(from: "green", to: "healthy")], values: ["Healthy", "At Risk"]), "Healthy"),
        ("acme corp", Coercer(type: .id, map: [.init(from: "acme corp", to: "acme-corp")]), "acme-corp"),
        (" ACME ", Coercer(type: .id, trim: true, textCase: "lower", pattern: "[a-z]+"), "acme"),
    ] as [(String, Coercer, String)])
    func order(raw: String, coercer: Coercer, expected: String) throws {
        #expect(try outcome(coerce(raw, coercer)) == expected)
    }

    @Test(arguments: [
        ("abc", "[a-z]+", "abc"),
        ("abc1", "[a-z]+", "R008"),
        ("xabc", "abc", "R008"),
        // a whole-value match tries every alternative, not just the first that matches a prefix
        ("ab", "a|ab", "ab"),
        ("abc\n", "[a-z]+", "R008"),
        ("ACC-1", "ACC-\\d+", "ACC-1"),
    ])
    func pattern(raw: String, pattern: String, expected: String) throws {
        #expect(try outcome(coerce(raw, Coercer(type: .text, pattern: pattern))) == expected)
    }

    @Test(arguments: [
        ("acme-01_X", "acme-01_X", ""),
        ("acme corp", "R002", "contains a space"),
        ("acmé", "R002", "'é' (U+00E9)"),
        ("a.b", "R002", "contains '.'"),
        ("a@b.com", "R002", "'@'"),
        (" acme", "R002", "contains a space"),
        ("acme\u{200B}", "R002", "U+200B"),
    ])
    func id(raw: String, expected: String, because: String) throws {
        let result = try coerce(raw, Coercer(type: .id))
        #expect(outcome(result) == expected)
        #expect(because.isEmpty || reason(result).contains(because), "\(reason(result))")
    }

    @Test(arguments: [
        ("jane.doe+crm@example.co.uk", "jane.doe+crm@example.co.uk", ""),
        ("o'brien@xn--bcher-kva.de", "o'brien@xn--bcher-kva.de", ""),
        ("jane", "R007", "has no @"),
        ("jane@@example.com", "R007", "more than one @"),
        ("jane@bob@example.com", "R007", "more than one @"),
        ("jane doe@example.com", "R007", "contains a space"),
        ("@example.com", "R007", "nothing before the @"),
        ("jane@", "R007", "nothing after the @"),
        ("jane@localhost", "R007", "no dot in the domain"),
        (".jane@example.com", "R007", "starts with a dot"),
        ("jane.@example.com", "R007", "dot right before the @"),
        ("ja..ne@example.com", "R007", "two dots in a row"),
        ("jane@example..com", "R007", "empty part"),
        ("jane@-example.com", "R007", "starting or ending with -"),
        ("jane@exa_mple.com", "R007", "not allowed in a domain"),
        ("jane@example.c", "R007", "top-level domain"),
        ("jane@example.123", "R007", "top-level domain"),
        ("jané@example.com", "R007", "not ASCII"),
        ("ja(ne@example.com", "R007", "'(' before the @"),
    ])
    func email(raw: String, expected: String, because: String) throws {
        let result = try coerce(raw, Coercer(type: .email))
        #expect(outcome(result) == expected)
        // The allocation-free per-cell check must agree with the one that explains.
        #expect(IdentifierRules.isEmail(raw[...]) == (expected != "R007"))
        #expect((IdentifierRules.emailProblem(raw[...]) == nil) == (expected != "R007"))
        #expect(because.isEmpty || reason(result).contains(because), "\(reason(result))")
    }

    @Test(arguments: [
        ("jdoe", "jdoe"),
        ("J_Doe-2", "J_Doe-2"),
        ("jane.doe@example.com", "jane.doe@example.com"),
        ("jane doe", "R002"),
        ("jane.doe", "R002"),
        ("jane@doe", "R007"),
        ("jane doe@example.com", "R007"),
    ])
    func userID(raw: String, expected: String) throws {
        #expect(try outcome(coerce(raw, Coercer(type: .userID))) == expected)
    }

    @Test(arguments: [
        ("Healthy", "Healthy"),
        ("healthy", "Healthy"),
        ("AT RISK", "At Risk"),
        ("at risk", "At Risk"),
        ("Critical", "Critical"),
        ("Helthy", "R006"),
        ("At-Risk", "R006"),
        (" Healthy", "R006"),
    ])
    func list(raw: String, expected: String) throws {
        #expect(try outcome(coerce(raw, Coercer(type: .list, values: ["Healthy", "At Risk", "Critical"]))) == expected)
    }

    @Test func listReasonNamesValuesAndSuggests() throws {
        let result = try coerce("Helthy", Coercer(type: .list, values: ["Healthy", "At Risk", "Critical"]))
        #expect(reason(result) == "'Helthy' is not one of Healthy, At Risk, Critical; did you mean 'Healthy'?")
        let many = (1...20).map { "V\($0)" }
        #expect(reason(try coerce("zzz", Coercer(type: .list, values: many))).hasSuffix("V12 (and 8 more)"))
    }

    @Test func longValuesAreCutInReasons() throws {
        let long = String(repeating: "x", count: 500) + " y"
        #expect(reason(try coerce(long, Coercer(type: .id))).count < 140)
    }

    @Test(arguments: [
        Coercer(type: .text, textCase: "title"),
        Coercer(type: .text, pattern: "[a-"),
        Coercer(type: .list),
        Coercer(type: .list, values: []),
        Coercer(type: .date, formats: ["dd/mm/yyyy"]),
        Coercer(type: .date, timezone: "Mars/Olympus"),
        Coercer(type: .number, decimal: ";"),
        Coercer(type: .number, thousands: ".", decimal: "."),
        Coercer(type: .number, thousands: "7"),
        Coercer(type: .textList, separator: ""),
    ])
    func invalidCoercersThrow(coercer: Coercer) {
        #expect(throws: CoercerError.self) { try ColumnCoercer(coercer) }
    }

    @Test func coercerErrorNamesTheOption() {
        #expect(throws: CoercerError.self) { try ColumnCoercer(Coercer(type: .date, formats: ["yyyy-MM-dd", "dd/mm/yyyy"])) }
        do {
            _ = try ColumnCoercer(Coercer(type: .date, timezone: "Europe/Pariss"))
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("Europe/Pariss"))
        }
    }
}
