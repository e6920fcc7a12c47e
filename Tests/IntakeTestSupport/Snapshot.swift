import Foundation
import Testing

/// Compares `actual` with `Snapshots/<name>` beside the calling test file.
///
/// `RECORD_SNAPSHOTS=1 swift test` rewrites the files; a recording run still fails, so a
/// recorded snapshot is always read by a human (in the diff) before it passes.
public func assertSnapshot(
    _ actual: String, named name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation
) {
    let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let url = folder.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? Data(actual.utf8).write(to: url)
        Issue.record("recorded snapshot \(name); run again without RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("missing snapshot \(name); run with RECORD_SNAPSHOTS=1 to create it", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        Issue.record("snapshot \(name) differs:\n\(lineDiff(expected, actual))", sourceLocation: sourceLocation)
    }
}

/// A small unified-style diff of two texts: lines only in one side, with line numbers.
func lineDiff(_ expected: String, _ actual: String) -> String {
    let a = expected.components(separatedBy: "\n")
    let b = actual.components(separatedBy: "\n")
    var out: [String] = []
    for i in 0..<max(a.count, b.count) {
        let l = i < a.count ? a[i] : nil
        let r = i < b.count ? b[i] : nil
        if l != r {
            if let l { out.append("-\(i + 1): \(l)") }
            if let r { out.append("+\(i + 1): \(r)") }
        }
        if out.count > 40 { out.append("…"); break }
    }
    return out.joined(separator: "\n")
}
