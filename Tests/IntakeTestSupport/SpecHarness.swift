import Foundation
import IntakeCompiler
import IntakeDiagnostics
import IntakeLoader
import IntakeSpec
import Testing

/// Loads and compiles inline specs against an inline model, for checks written as marked YAML.
public enum SpecHarness {
    /// The path inline specs pretend to live at.
    public static let specPath = "Integrations/test.yaml"
    /// The path inline models pretend to live at.
    public static let modelPath = "Integrations/model.yaml"

    /// Loads a model; fails the test when it has errors.
    public static func model(_ text: String = Fixtures.model, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> DataModel? {
        let engine = DiagnosticEngine()
        let model = ModelLoader().load(path: modelPath, data: Data(text.utf8), into: engine)
        if let model { ModelChecker().check(model, into: engine) }
        #expect(engine.diagnostics.isEmpty, "test model has diagnostics: \(engine.diagnostics)", sourceLocation: sourceLocation)
        return model
    }

    /// Every diagnostic of loading and compiling `spec`, and the plan when there was no error.
    public static func compile(_ spec: String, model: DataModel?, baseline: DataModel? = nil) -> ([Diagnostic], Plan?) {
        let engine = DiagnosticEngine()
        var plan: Plan?
        if let loaded = SpecLoader().load(path: specPath, data: Data(spec.utf8), into: engine), let model {
            plan = Compiler(model: model, baseline: baseline).compile(loaded, into: engine)
        }
        return (engine.diagnostics, plan)
    }

    /// Asserts that compiling the marked spec yields exactly the expected codes at the markers.
    public static func assertDiagnostics(
        _ marked: String, model modelText: String = Fixtures.model, _ expected: [(String, DiagnosticCode)],
        baseline: DataModel? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let text = MarkedText(marked)
        let (diagnostics, _) = compile(text.text, model: model(modelText, sourceLocation: sourceLocation), baseline: baseline)
        assertMatches(diagnostics, text, expected, file: specPath, sourceLocation: sourceLocation)
    }

    /// Asserts that loading and checking the marked model yields exactly the expected codes.
    public static func assertModelDiagnostics(
        _ marked: String, _ expected: [(String, DiagnosticCode)], sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let text = MarkedText(marked)
        let engine = DiagnosticEngine()
        if let model = ModelLoader().load(path: modelPath, data: Data(text.text.utf8), into: engine) {
            ModelChecker().check(model, into: engine)
        }
        assertMatches(engine.diagnostics, text, expected, file: modelPath, sourceLocation: sourceLocation)
    }

    static func assertMatches(
        _ diagnostics: [Diagnostic], _ text: MarkedText, _ expected: [(String, DiagnosticCode)], file: String,
        sourceLocation: Testing.SourceLocation
    ) {
        var unmatched = diagnostics
        for (marker, code) in expected {
            guard let position = text.positions[marker] else {
                Issue.record("marker \(marker) is not in the text", sourceLocation: sourceLocation)
                continue
            }
            let wanted = IntakeDiagnostics.SourceLocation(file: file, line: position.line, column: position.column)
            if let index = unmatched.firstIndex(where: { $0.code == code && $0.location == wanted }) {
                unmatched.remove(at: index)
            } else {
                Issue.record(
                    "expected \(code.rawValue) at \(wanted) (\(marker)); got:\n\(diagnostics.map(\.description).joined(separator: "\n"))",
                    sourceLocation: sourceLocation)
            }
        }
        for extra in unmatched {
            Issue.record("unexpected diagnostic: \(extra)", sourceLocation: sourceLocation)
        }
    }
}
