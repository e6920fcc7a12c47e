import Foundation
import IntakeDiagnostics
import IntakeSpec
import Yams

/// Turns file bytes into one composed YAML tree, or diagnostics — never a crash or a hang.
///
/// Guards, in order: size, UTF-8, the complex-key prescan, libyaml's own nesting limit (1,000),
/// composition on a thread with a large stack (Yams composes recursively), one document only,
/// and a node budget that counts aliased subtrees at every use.
struct YAMLComposer {
    let path: String
    let limits: LoadLimits
    let engine: DiagnosticEngine

    /// The text and root node of a single-document file, or nil after emitting why not.
    func compose(_ data: Data) -> (text: String, root: Node)? {
        let start = SourceLocation(file: path, line: 1, column: 1)
        guard data.count <= limits.maxFileBytes else {
            engine.emit(
                .fileTooLarge, "file is \(data.count) bytes; specs and models may be at most \(limits.maxFileBytes) bytes",
                at: start, hint: "split the file, or move inline test CSV into smaller tests")
            return nil
        }
        if let offset = UTF8Check.firstInvalidOffset(in: data) {
            let (line, column) = UTF8Check.position(ofByte: offset, in: data)
            engine.emit(
                .invalidEncoding, "invalid UTF-8 at byte \(offset)",
                at: SourceLocation(file: path, line: line, column: column), hint: "save the file as UTF-8")
            return nil
        }
        let text = String(decoding: data, as: UTF8.self)
        if let finding = YAMLPrescan.check(text) {
            engine.emit(.yamlLimit, finding.message, at: SourceLocation(file: path, line: finding.line, column: finding.column))
            return nil
        }
        let node: Node?
        switch Self.composeOnLargeStack(text) {
        case .success(let n): node = n
        case .failure(let error):
            engine.emit(diagnostic(for: error))
            return nil
        }
        guard let root = node else {
            engine.emit(.documentCount, "file is empty", at: start, hint: "a spec starts with 'integration: NAME'")
            return nil
        }
        guard withinBudget(root) else { return nil }
        return (text, root)
    }

    /// Composes on a dedicated thread: Yams recurses once per nesting level, and libyaml allows 1,000.
    private static func composeOnLargeStack(_ text: String) -> Result<Node?, Error> {
        final class Box: @unchecked Sendable { var result: Result<Node?, Error> = .success(nil) }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.result = Result { try Yams.compose(yaml: text) }
            done.signal()
        }
        thread.stackSize = 64 << 20
        thread.start()
        done.wait()
        return box.result
    }

    /// Counts nodes without recursion; aliases are counted at each use, which bounds expansion.
    private func withinBudget(_ root: Node) -> Bool {
        var stack: [(Node, Int)] = [(root, 1)]
        var count = 0
        while let (node, depth) = stack.popLast() {
            count += 1
            if count > limits.maxNodes {
                engine.emit(
                    .yamlLimit, "document expands to more than \(limits.maxNodes) nodes",
                    at: location(node.mark), hint: "aliases are expanded at every use; remove the repeated aliases")
                return false
            }
            if depth > limits.maxDepth {
                engine.emit(.yamlLimit, "nesting deeper than \(limits.maxDepth) levels", at: location(node.mark))
                return false
            }
            switch node {
            case .mapping(let m): for pair in m { stack.append((pair.key, depth + 1)); stack.append((pair.value, depth + 1)) }
            case .sequence(let s): for child in s { stack.append((child, depth + 1)) }
            default: break
            }
        }
        return true
    }

    private func location(_ mark: Mark?) -> SourceLocation {
        SourceLocation(file: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private func diagnostic(for error: Error) -> Diagnostic {
        guard let yaml = error as? YamlError else {
            return Diagnostic(.yamlSyntax, "cannot read YAML: \(error)", at: location(nil))
        }
        switch yaml {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _):
            return syntax(problem, mark, context)
        case let .composer(context, problem, mark, _):
            if context?.text.contains("single document") == true {
                return Diagnostic(
                    .documentCount, "file holds more than one YAML document", at: location(mark),
                    hint: "one spec per file: remove the '---' separator and move the rest to its own file")
            }
            return syntax(problem, mark, context)
        case let .reader(problem, offset, _, text):
            let pos = offset.map { UTF8Check.position(ofByte: $0, in: Data(text.utf8)) } ?? (1, 1)
            return Diagnostic(.yamlSyntax, problem, at: SourceLocation(file: path, line: pos.0, column: pos.1))
        case let .duplicatedKeysInMapping(duplicates, context):
            return duplicateKeys(duplicates, context)
        default:
            return Diagnostic(.yamlSyntax, "cannot read YAML: \(yaml)", at: location(nil))
        }
    }

    private func syntax(_ problem: String, _ mark: Mark, _ context: YamlError.Context?) -> Diagnostic {
        if problem.contains("Maximum nesting level") {
            return Diagnostic(.yamlLimit, "nesting deeper than libyaml's limit of 1000 levels", at: location(mark))
        }
        let notes = context.map { [Diagnostic.Note($0.text, at: location($0.mark))] } ?? []
        return Diagnostic(.yamlSyntax, problem, at: location(mark), notes: notes)
    }

    /// Yams 6 reports duplicate names and one mark; find the repeat below it for a second location.
    private func duplicateKeys(_ names: [String], _ context: YamlError.Context) -> Diagnostic {
        let first = location(context.mark)
        let name = names.first ?? "?"
        var notes: [Diagnostic.Note] = []
        let lines = SourceFile.lines(of: context.text)
        for index in lines.indices.dropFirst(max(0, context.mark.line)) {
            let line = lines[index]
            let indent = line.prefix { $0 == " " || $0 == "-" }.count
            if indent == context.mark.column - 1, line.dropFirst(indent).hasPrefix("\(name):") {
                notes.append(.init("'\(name)' is defined again here", at: SourceLocation(file: path, line: index + 1, column: indent + 1)))
                break
            }
        }
        let list = names.map { "'\($0)'" }.joined(separator: ", ")
        return Diagnostic(
            .duplicateKey, "duplicate key \(list) in mapping", at: first,
            hint: "each key may appear once; remove or rename the repeat", notes: notes)
    }
}
