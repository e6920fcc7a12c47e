import IntakeCompiler
@testable import IntakeRunner
import Testing

/// The reject-code catalogue, and one cell for every code the coercer itself produces.
struct ValueRejectCodeTests {
    @Test func catalogueIsDenseAndDescribed() {
        #expect(RejectCode.allCases.map(\.rawValue) == (1...16).map { String(format: "R%03d", $0) })
        #expect(Set(RejectCode.allCases.map(\.summary)).count == RejectCode.allCases.count)
        for code in RejectCode.allCases {
            #expect(!code.summary.isEmpty && !code.summary.contains("\n") && code.summary.count < 140)
        }
    }

    @Test(arguments: [
        (RejectCode.invalidID, Coercer(type: .id), "acme corp"),
        (.invalidID, Coercer(type: .userID), "jane doe"),
        (.invalidNumber, Coercer(type: .number), "1,234"),
        (.invalidNumber, Coercer(type: .currency, stripCurrency: true), "5 dollars"),
        (.invalidDate, Coercer(type: .date), "31/01/2026"),
        (.ambiguousDate, Coercer(type: .date, formats: ["MM/dd/yyyy", "dd/MM/yyyy"]), "03/04/2026"),
        (.notInList, Coercer(type: .list, values: ["Low", "High"]), "Medium"),
        (.invalidEmail, Coercer(type: .email), "jane@"),
        (.invalidEmail, Coercer(type: .userList), "jdoe;jane@"),
        (.patternMismatch, Coercer(type: .text, pattern: "\\d+"), "12a"),
    ] as [(RejectCode, Coercer, String)])
    func coercerProduces(code: RejectCode, coercer: Coercer, raw: String) throws {
        let result = try coerce(raw, coercer)
        #expect(outcome(result) == code.rawValue)
        // A reason is one sentence that quotes the value.
        #expect(reason(result).contains("'"))
        #expect(!reason(result).contains("\n"))
    }
}
