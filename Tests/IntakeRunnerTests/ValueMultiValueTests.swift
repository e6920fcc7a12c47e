import IntakeCompiler
@testable import IntakeRunner
import Testing

/// `;`-separated fields (tags, participants, associated users): parts trimmed, empty parts dropped, users checked.
struct ValueMultiValueTests {
    private static let tags = Coercer(type: .textList, separator: ";")
    private static let users = Coercer(type: .userList, separator: ";")

    @Test(arguments: [
        ("renewal", "renewal"), ("a;b;c", "a;b;c"), (" a ; b ;; c ;", "a;b;c"), (";;", "∅"), (" ; ; ", "∅"), ("   ", "∅"),
        ("Big Deal; Q3 ", "Big Deal;Q3"), ("a;\u{00A0}b\u{3000}", "a;b"), ("é;é", "é;é"), (";\u{0301}x", "\u{0301}x"),
    ])
    func textList(raw: String, expected: String) throws {
        #expect(try outcome(coerce(raw, Self.tags)) == expected)
    }

    @Test(arguments: [
        ("jdoe", "jdoe"), ("jdoe; jane@example.com ;", "jdoe;jane@example.com"), ("a;b", "a;b"), (";", "∅"),
        ("jdoe;jane doe", "R002"), ("jdoe;jane@example", "R007"), ("jdoe,jane", "R002"),
    ])
    func userList(raw: String, expected: String) throws {
        #expect(try outcome(coerce(raw, Self.users)) == expected)
    }

    @Test func userListReasonQuotesTheCellAndThePart() throws {
        let result = try coerce("jdoe;jane doe", Self.users)
        #expect(reason(result) == "in 'jdoe;jane doe': 'jane doe' is neither an id (letters, digits, _ and -) nor an email address")
    }

    @Test(arguments: [("alpha;beta", "alpha;beta"), ("alpha;Beta", "R008"), ("alpha; beta ", "alpha;beta")])
    func patternAppliesToEachPart(raw: String, expected: String) throws {
        #expect(try outcome(coerce(raw, Coercer(type: .textList, pattern: "[a-z]+", separator: ";"))) == expected)
    }

    @Test func caseAndMapApplyToTheWholeCell() throws {
        let coercer = Coercer(type: .textList, textCase: "lower", map: [.init(from: "none", to: "")], separator: ";")
        #expect(try outcome(coerce("A;B", coercer)) == "a;b")
        #expect(try outcome(coerce("NONE", coercer)) == "∅")
    }

    @Test func otherSeparators() throws {
        #expect(try outcome(coerce("a | b||c", Coercer(type: .textList, separator: "||"))) == "a | b||c")
        #expect(try outcome(coerce("a|| b||||c", Coercer(type: .textList, separator: "||"))) == "a||b||c")
    }
}
