import IntakeDiagnostics
import IntakeSpec

/// One check of a spec against the model; each emits its own diagnostics into the context's engine.
protocol SpecCheck: Sendable {
    func check(_ context: CheckContext)
}

/// Everything a check may read: the spec, the model, the resolved object and targets.
struct CheckContext {
    let spec: IntegrationSpec
    let model: DataModel
    /// The model at the last commit, to tell a removed attribute from a typo.
    let baseline: DataModel?
    let engine: DiagnosticEngine
    /// Nil when `object:` is unknown; kind-dependent checks then skip.
    let kind: ObjectKind?
    let catalog: TargetCatalog?
    /// The target of each column, by index into `spec.columns`; nil where unresolved.
    let targets: [ResolvedTarget?]

    init(spec: IntegrationSpec, model: DataModel, baseline: DataModel?, engine: DiagnosticEngine) {
        self.spec = spec
        self.model = model
        self.baseline = baseline
        self.engine = engine
        let kind = ObjectKind(rawValue: spec.object.value)
        let catalog = kind.map { TargetCatalog(kind: $0, collection: spec.collection?.value, model: model) }
        self.kind = kind
        self.catalog = catalog
        targets = spec.columns.map { column in catalog?.resolve(column.to.value) }
    }

    func emit(_ code: DiagnosticCode, _ message: String, at location: SourceLocation?, hint: String? = nil, notes: [Diagnostic.Note] = []) {
        engine.emit(code, message, at: location, hint: hint, notes: notes)
    }

    /// Pairs of column and resolved target, unresolved columns left out.
    var resolvedColumns: [(column: ColumnMapping, target: ResolvedTarget)] {
        zip(spec.columns, targets).compactMap { column, target in target.map { (column, $0) } }
    }
}
