import Foundation
import IntakeDiagnostics
import IntakeTestSupport
import Testing

@testable import IntakeLoader

/// Every case of the yaml-test-suite (read from ../shared at test time) loads without a crash or
/// hang, must-fail cases give an error diagnostic, and well-formed ones compose.
@Suite struct YAMLTestSuiteTests {
    struct Case: CustomStringConvertible, Sendable {
        let id: String
        let url: URL
        let mustFail: Bool
        let documents: Int?
        var description: String { id }
    }

    /// Must-fail cases that libyaml (vendored by Yams) accepts. Four are the suite's own
    /// `libyaml-err` tag; the rest are YAML 1.2 rules libyaml does not enforce. intake still
    /// rejects each of them as a spec, which `mustFailCasesYieldErrors` checks.
    static let acceptedByLibyaml: Set<String> = [
        "9C9N", "9JBA", "CVW2", "DK95/01", "G5U8", "MUS6/00", "QB6E", "S98Z", "SU5Z", "X4QW", "Y79Y/003", "YJV2",
    ]

    /// Well-formed cases libyaml 0.2.5 rejects (its known conformance gaps: tabs, directives,
    /// flow edge cases, empty keys). They are reported as E001 syntax errors, never a crash.
    static let rejectedByLibyaml: Set<String> = [
        "7Z25", "M7A3", "NKF9", "UT92", "W4TN", "2JQS", "2LFX", "4ABK", "4MUZ/00", "4MUZ/01", "4MUZ/02",
        "58MP", "5MUD", "5T43", "6BCT", "6CA3", "6LVF", "8XYN", "96NN/00", "96NN/01", "9SA2", "A2M4", "BEC7", "CFD4",
        "DBG4", "DK3J", "DK95/00", "DK95/03", "DK95/04", "FP8R", "FRK4", "HM87/00", "K3WX", "M2N8/00", "MUS6/05",
        "MUS6/06", "NHX8", "NJ66", "Q5MG", "R4YG", "S3PD", "SM9W/01", "UKK6/00", "VJP3/01", "Y79Y/001", "Y79Y/010",
    ]

    /// Well-formed cases intake's guards refuse on purpose: aliases as keys, or complex keys in a
    /// file with aliases (Yams would hash the aliased subtree). 2SXE and W5VH libyaml rejects too.
    static let refusedByGuards: Set<String> = ["6M2F", "X38W", "26DV", "E76Z", "2SXE", "W5VH"]

    static let cases: [Case] = {
        let root = Fixtures.shared.appendingPathComponent("corpora/yaml-test-suite/data")
        let fm = FileManager.default
        var result: [Case] = []
        for id in ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).sorted() {
            let dir = root.appendingPathComponent(id)
            let subs = fm.fileExists(atPath: dir.appendingPathComponent("in.yaml").path)
                ? [("", dir)] : ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? []).sorted().map { ("/\($0)", dir.appendingPathComponent($0)) }
            for (suffix, caseDir) in subs where fm.fileExists(atPath: caseDir.appendingPathComponent("in.yaml").path) {
                let events = (try? String(contentsOf: caseDir.appendingPathComponent("test.event"), encoding: .utf8)) ?? ""
                let docs = events.components(separatedBy: "\n").filter { $0.hasPrefix("+DOC") }.count
                result.append(Case(
                    id: id + suffix, url: caseDir.appendingPathComponent("in.yaml"),
                    mustFail: fm.fileExists(atPath: caseDir.appendingPathComponent("error").path),
                    documents: events.isEmpty ? nil : docs))
            }
        }
        return result
    }()

    @Test func corpusIsPresent() {
        #expect(Self.cases.count == 402, "expected the 402 cases of ../shared/corpora/yaml-test-suite")
        #expect(Self.cases.filter(\.mustFail).count == 94)
    }

    @Test(arguments: cases)
    func everyCaseLoadsWithoutCrash(_ c: Case) throws {
        let data = try Data(contentsOf: c.url)
        let engine = DiagnosticEngine()
        let spec = SpecLoader().load(path: "in.yaml", data: data, into: engine)
        // None of the suite's documents is an intake spec, so each yields a diagnostic, never a crash.
        #expect(spec == nil || engine.hasErrors)
        #expect(engine.hasErrors)
    }

    @Test(arguments: cases.filter(\.mustFail))
    func mustFailCasesYieldErrors(_ c: Case) throws {
        let data = try Data(contentsOf: c.url)
        let engine = DiagnosticEngine()
        let composed = YAMLComposer(path: "in.yaml", limits: .standard, engine: engine).compose(data)
        if Self.acceptedByLibyaml.contains(c.id) {
            #expect(composed != nil, "\(c.id) is now rejected by libyaml: remove it from acceptedByLibyaml")
        } else {
            #expect(composed == nil && engine.hasErrors, "\(c.id) must fail but composed")
            let codes = Set(engine.diagnostics.map(\.code))
            #expect(codes.isSubset(of: [.yamlSyntax, .duplicateKey, .documentCount, .yamlLimit]), "\(c.id): \(codes)")
        }
    }

    @Test(arguments: cases.filter { rejectedByLibyaml.contains($0.id) })
    func libyamlGapsAreSyntaxErrors(_ c: Case) throws {
        let engine = DiagnosticEngine()
        let composed = YAMLComposer(path: "in.yaml", limits: .standard, engine: engine).compose(try Data(contentsOf: c.url))
        #expect(composed == nil, "\(c.id) now composes: remove it from rejectedByLibyaml")
        #expect(engine.diagnostics.map(\.code) == [.yamlSyntax])
        #expect(engine.diagnostics.allSatisfy { $0.location != nil })
    }

    @Test(arguments: cases.filter { !$0.mustFail && $0.documents == 1 && !rejectedByLibyaml.contains($0.id) })
    func wellFormedSingleDocumentsCompose(_ c: Case) throws {
        let data = try Data(contentsOf: c.url)
        let engine = DiagnosticEngine()
        let composed = YAMLComposer(path: "in.yaml", limits: .standard, engine: engine).compose(data)
        if Self.refusedByGuards.contains(c.id) {
            #expect(composed == nil && engine.diagnostics.map(\.code) == [.yamlLimit])
        } else {
            #expect(composed != nil, "\(c.id): \(engine.diagnostics)")
        }
    }

    @Test(arguments: cases.filter { !$0.mustFail && ($0.documents ?? 0) > 1 && !rejectedByLibyaml.contains($0.id) })
    func multiDocumentStreamsAreRefusedClearly(_ c: Case) throws {
        let data = try Data(contentsOf: c.url)
        let engine = DiagnosticEngine()
        let composed = YAMLComposer(path: "in.yaml", limits: .standard, engine: engine).compose(data)
        #expect(composed == nil)
        #expect(engine.diagnostics.map(\.code) == [.documentCount], "\(c.id): \(engine.diagnostics)")
    }
}
