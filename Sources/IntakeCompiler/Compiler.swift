import IntakeDiagnostics
import IntakeSpec

/// Checks specs against the model and lowers them to plans.
public struct Compiler: Sendable {
    /// The checks, in order. Object resolution comes first because later checks read the kind.
    static let checks: [any SpecCheck] = [
        ObjectCheck(), ScheduleCheck(), TargetCheck(), RequiredFieldsCheck(), CoercionCheck(), DefaultsCheck(),
        CSVOptionsCheck(), SourceCheck(), TestsCheck(), GuardsCheck(),
    ]

    /// The model specs are checked against.
    public let model: DataModel
    /// The model at the last commit, if known, to recognise attributes removed from the model.
    public let baseline: DataModel?

    /// Creates a compiler for a model.
    public init(model: DataModel, baseline: DataModel? = nil) {
        self.model = model
        self.baseline = baseline
    }

    /// Runs every check on a spec, emitting all problems; returns the plan when there is no error.
    public func compile(_ spec: IntegrationSpec, into engine: DiagnosticEngine) -> Plan? {
        // A local engine tells this spec's errors apart from other files' in a shared engine.
        let local = DiagnosticEngine()
        let context = CheckContext(spec: spec, model: model, baseline: baseline, engine: local)
        for check in Self.checks { check.check(context) }
        engine.emit(contentsOf: local.diagnostics)
        return local.hasErrors ? nil : Lowering(context: context).lower()
    }
}
