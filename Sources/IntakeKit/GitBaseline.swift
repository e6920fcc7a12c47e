import Foundation
import IntakeDiagnostics
import IntakeLoader
import IntakeSpec

/// Reads the model as of a commit (`git show REV:<model>`), without a checkout.
public enum GitBaseline {
    /// The model at `revision` (default the last commit), or nil outside git, before the first
    /// commit or when it does not load.
    public static func model(for project: Project, at revision: String = "HEAD") -> DataModel? {
        guard let data = Git.run(["show", "\(revision):./\(project.config.model)"], in: project.root) else { return nil }
        // The committed model was validated when it was committed; its problems are not this run's.
        return ModelLoader().load(path: project.config.model, data: data, into: DiagnosticEngine())
    }
}
