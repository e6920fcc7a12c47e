import CCurl

/// Checks an SFTP server's host key against known_hosts: a match passes, an unknown key passes
/// only when the spec allows it, a changed key never does.
final class HostKeyPolicy {
    let allowUnknown: Bool
    /// `host:port`, for messages.
    let host: String
    /// The known_hosts file, for messages.
    let file: String
    /// libcurl's verdict on the last refused key.
    private(set) var refused: curl_khmatch?

    init(allowUnknown: Bool, host: String, file: String) {
        self.allowUnknown = allowUnknown
        self.host = host
        self.file = file
    }

    /// Why the last key was refused, if it was.
    var failure: FetchFailure? {
        switch refused {
        case CURLKHMATCH_MISSING?:
            return FetchFailure(
                .untrustedServer, "the SSH host key of \(host) is not in the known_hosts file '\(file)'",
                hint: "check the key's fingerprint with the server's owner, then add it with ssh-keyscan; or set allow_unknown_host_key: true")
        case nil:
            return nil
        default:
            return FetchFailure(
                .untrustedServer, "the SSH host key of \(host) does not match the known_hosts file '\(file)': the key changed, or someone is in between",
                hint: "if the server's key was really replaced, update its line in \(file)")
        }
    }

    func decide(_ match: curl_khmatch) -> curl_khstat {
        switch match {
        case CURLKHMATCH_OK: return CURLKHSTAT_FINE
        case CURLKHMATCH_MISSING where allowUnknown: return CURLKHSTAT_FINE
        default:
            refused = match
            return CURLKHSTAT_REJECT
        }
    }

    static let callback: @convention(c) (
        UnsafeMutableRawPointer?, UnsafePointer<curl_khkey>?, UnsafePointer<curl_khkey>?, curl_khmatch, UnsafeMutableRawPointer?
    ) -> Int32 = { _, _, _, match, context in
        guard let context else { return Int32(CURLKHSTAT_REJECT.rawValue) }
        return Int32(Unmanaged<HostKeyPolicy>.fromOpaque(context).takeUnretainedValue().decide(match).rawValue)
    }
}
