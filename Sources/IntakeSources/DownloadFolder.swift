import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The folder under `.intake/` downloads land in: each file is written as `NAME.part-PID` and renamed
/// only once complete, so a partial or failed download is never read as the source.
struct DownloadFolder {
    let url: URL

    /// Downloads `request` into `name` through `transport`; `check` throws for a response that is
    /// not the file (an error status), and then, as after any failure, no file is left behind.
    func download(
        _ request: Transport.Request, as name: String, with transport: Transport,
        check: (Transport.Response) throws(FetchFailure) -> Void
    ) throws(FetchFailure) -> (URL, Transport.Response) {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw FetchFailure(.fetchFailed, "cannot create the download folder '\(url.path)': \(error.localizedDescription)")
        }
        let safe = Self.fileName(name)
        // One temporary file per process: a cron apply and a manual fetch never write into one file.
        let part = url.appendingPathComponent(safe + ".part-\(getpid())")
        let final = url.appendingPathComponent(safe)
        defer { try? FileManager.default.removeItem(at: part) }
        let response = try transport.perform(request, to: part)
        try check(response)
        // rename(2) replaces an older download atomically: readers see the old file or the new one.
        guard rename(part.path, final.path) == 0 else {
            throw FetchFailure(.fetchFailed, "cannot move the download into '\(final.path)': \(String(cString: strerror(errno)))")
        }
        return (final, response)
    }

    /// A local file name for a remote one: its last path component, with only safe characters.
    static func fileName(_ remote: String) -> String {
        let last = remote.split(separator: "/").last.map(String.init) ?? ""
        let cleaned = String(last.map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "_" })
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "download" + cleaned : cleaned
    }
}
