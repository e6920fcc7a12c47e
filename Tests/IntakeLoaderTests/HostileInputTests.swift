import Foundation
import IntakeDiagnostics
import IntakeSpec
import IntakeTestSupport
import Testing

@testable import IntakeLoader

/// Hostile or broken files give one clear diagnostic, never a crash or a hang.
@Suite struct HostileInputTests {
    func load(_ data: Data) -> (IntegrationSpec?, [Diagnostic]) {
        let engine = DiagnosticEngine()
        let spec = SpecLoader().load(path: "Integrations/x.yaml", data: data, into: engine)
        return (spec, engine.diagnostics)
    }

    func load(_ text: String) -> (IntegrationSpec?, [Diagnostic]) { load(Data(text.utf8)) }

    /// Nine levels of ten aliases each: 10^9 nodes once expanded. The last anchor is `i`.
    func aliasBomb(tag: String = "", newline: String = "\n") -> String {
        var yaml = "a: &a \(tag)[x, x, x, x, x, x, x, x, x, x]\(newline)"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            yaml += "\(name): &\(name) \(tag)[" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\(newline)"
            previous = name
        }
        return yaml
    }

    @Test func billionLaughsInValuesIsCapped() {
        let (spec, diagnostics) = load(aliasBomb())
        #expect(spec == nil)
        #expect(diagnostics.map(\.code) == [.yamlLimit])
    }

    @Test func aliasBombAsKeyIsRefusedBeforeHashing() {
        let yaml = aliasBomb()
        for key in ["? *i\n: boom\n", "*i : boom\n", "*i: boom\n", "{ [*i]: boom }\n"] {
            let (_, diagnostics) = load(yaml + (key.hasPrefix("{") ? "z: " + key : key))
            #expect(diagnostics.map(\.code) == [.yamlLimit], "\(key)")
        }
    }

    @Test func aliasBombBehindATagOrCRLFCommentIsStillRefused() {
        let yaml = "# comment\r\n" + aliasBomb(tag: "!!seq ", newline: "\r\n")
        let (_, diagnostics) = load(yaml + "*i: boom\r\n")
        #expect(diagnostics.map(\.code) == [.yamlLimit])
    }

    @Test func crlfFilesKeepTheirLinesAndDuplicateKeysDoNotCrash() {
        let (_, diagnostics) = load("integration: a\r\nobject: account\r\nmode: one-time\r\nobject: user\r\n")
        #expect(diagnostics.map(\.code) == [.duplicateKey])
        #expect(diagnostics.first?.notes.first?.location?.line == 4)
        #expect(SourceFile.lines(of: "a\r\nb\rc\nd\u{2028}e") == ["a", "b", "c", "d", "e"])
    }

    @Test(arguments: [
        String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000),
        String(repeating: "{a: ", count: 3000) + "b" + String(repeating: "}", count: 3000),
        String(repeating: "- ", count: 20000) + "x",
    ])
    func deepNestingIsCapped(_ yaml: String) {
        let (spec, diagnostics) = load(yaml)
        #expect(spec == nil)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.code == .yamlLimit || diagnostics.first?.code == .yamlSyntax)
    }

    @Test func moderateNestingIsReportedAsLimitNotCrash() {
        let yaml = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let (_, diagnostics) = load(yaml)
        #expect(diagnostics.map(\.code) == [.yamlLimit])
    }

    @Test func filesOverOneMebibyteAreRefused() {
        let big = "integration: x\ndescription: \"" + String(repeating: "a", count: 1 << 20) + "\"\n"
        let (spec, diagnostics) = load(big)
        #expect(spec == nil)
        #expect(diagnostics.map(\.code) == [.fileTooLarge])
    }

    @Test func invalidUTF8IsLocated() {
        var data = Data("integration: ok\nobject: acc".utf8)
        data.append(contentsOf: [0xC3, 0x28])
        data.append(Data("ount\n".utf8))
        let (_, diagnostics) = load(data)
        #expect(diagnostics.map(\.code) == [.invalidEncoding])
        #expect(diagnostics.first?.location == SourceLocation(file: "Integrations/x.yaml", line: 2, column: 12))
    }

    @Test func duplicateKeysPointAtBothPlaces() {
        let (spec, diagnostics) = load("integration: a\nobject: account\nmode: one-time\nobject: user\n")
        #expect(spec == nil)
        #expect(diagnostics.map(\.code) == [.duplicateKey])
        #expect(diagnostics.first?.message.contains("'object'") == true)
        #expect(diagnostics.first?.location?.line == 2)
        #expect(diagnostics.first?.notes.first?.location?.line == 4)
    }

    @Test(arguments: ["", "# only a comment\n", "---\n...\n"])
    func emptyFilesAreOneError(_ yaml: String) {
        let (_, diagnostics) = load(yaml)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.code == .documentCount || diagnostics.first?.code == .wrongKind)
    }

    @Test func secondDocumentIsRefusedNotIgnored() {
        let (spec, diagnostics) = load("integration: a\nobject: account\nmode: one-time\n---\nintegration: b\n")
        #expect(spec == nil)
        #expect(diagnostics.map(\.code) == [.documentCount])
        #expect(diagnostics.first?.location?.line == 4)
    }

    @Test func syntaxErrorsAreLocated() {
        let (_, diagnostics) = load("integration: a\nobject: \"account\nmode: one-time\n")
        #expect(diagnostics.map(\.code) == [.yamlSyntax])
        #expect(diagnostics.first?.location != nil)
        let (_, badIndent) = load("integration: a\n  object: account\n")
        #expect(badIndent.map(\.code) == [.yamlSyntax])
        #expect(badIndent.first?.location?.line == 2)
    }

    @Test func complexKeysWithoutAliasesAreAWrongKindNotACrash() {
        let (_, diagnostics) = load("? [a, b]\n: c\n{x: y}: z\n")
        #expect(!diagnostics.isEmpty)
        #expect(diagnostics.allSatisfy { $0.code == .wrongKind || $0.code == .missingKey })
    }

    @Test func prescanSkipsBlockScalars() {
        #expect(YAMLPrescan.opensBlockScalar("    csv: |"))
        #expect(YAMLPrescan.opensBlockScalar("  - >-"))
        #expect(!YAMLPrescan.opensBlockScalar("a: b|"))
        // A CSV line that looks like a complex key inside a block scalar is data.
        let yaml = "a: &x 1\nb: *x\ntests:\n  - csv: |\n      ? [q]: r\n"
        #expect(YAMLPrescan.check(yaml) == nil)
    }
}
